namespace BucketFunctions.Core.Credentials;

/// <summary>What opens a bucket at its provider: an access key (or account name, or client email) and its secret.</summary>
public sealed record StorageCredential(string Key, SecretString Secret);
