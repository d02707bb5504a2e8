namespace BucketFunctions.Core.Credentials;

/// <summary>One vault entry as a listing shows it: whose it is and when it was first written. Never the credential.</summary>
public sealed record CredentialEntry(CredentialScope Scope, DateTimeOffset CreatedAt);
