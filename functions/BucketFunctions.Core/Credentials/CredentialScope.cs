namespace BucketFunctions.Core.Credentials;

/// <summary>Whose credential this is. Vaults bind a credential to its scope, so one tenant's entry never opens for another.</summary>
public sealed record CredentialScope(string OrganizationId, Guid BucketId);
