namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Whose credential this is, and which version of it. Vaults bind a credential to its organization and bucket, so one
/// tenant's entry never opens for another. <see cref="Version"/> is what <see cref="ICredentialVault.PutAsync"/>
/// returned; null means the bucket's entry written before versions existed (read: the latest).
/// </summary>
public sealed record CredentialScope(string OrganizationId, Guid BucketId, string? Version = null);
