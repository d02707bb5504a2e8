using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Probing;

/// <summary>What to prove: that these credentials open this bucket at this provider.</summary>
public sealed record ProbeRequest(
    StorageType StorageType,
    string BucketName,
    string? Region,
    Uri? Endpoint,
    StorageCredential Credential);
