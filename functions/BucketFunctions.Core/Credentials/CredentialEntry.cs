namespace BucketFunctions.Core.Credentials;

/// <summary>
/// One vault entry as a listing shows it: whose it is, which version (in <see cref="CredentialScope.Version"/>), and
/// when it was first written. Never the credential. <see cref="AllVersions"/> marks an entry that stands for every
/// version of a bucket's credential (a Key Vault secret: its listing names no version, and a replaced version is
/// disabled as it is replaced), so it is in use whenever its bucket exists.
/// </summary>
public sealed record CredentialEntry(CredentialScope Scope, DateTimeOffset CreatedAt, bool AllVersions = false);
