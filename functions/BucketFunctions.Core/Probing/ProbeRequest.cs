using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Probing;

/// <summary>
/// What to prove: that these credentials open this bucket at this provider. With <see cref="CheckWrite"/>, after
/// listing, the check also writes a small probe object and deletes it again.
/// </summary>
public sealed record ProbeRequest(
    StorageType StorageType,
    string BucketName,
    string? Region,
    Uri? Endpoint,
    StorageCredential Credential,
    bool CheckWrite = false)
{
    /// <summary>
    /// The secret read as a GCS service-account key file when validation has read it already, so a request reads it
    /// once; null otherwise (other secrets, or a stored secret, which the GCS provider reads itself).
    /// </summary>
    public Validation.ServiceAccountKey? ServiceAccount { get; init; }
}
