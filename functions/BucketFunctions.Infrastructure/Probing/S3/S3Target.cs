namespace BucketFunctions.Infrastructure.Probing.S3;

/// <summary>
/// Where an S3-protocol check goes. <see cref="Endpoint"/> null means AWS in <see cref="SigningRegion"/>; with
/// <see cref="DetectRegion"/> the bucket's real region is asked first (HeadBucket) and used. <see cref="Where"/> names the
/// service in details (never a secret); <see cref="ServiceName"/> names the protocol when an answer is not understood.
/// </summary>
internal sealed record S3Target(Uri? Endpoint, string SigningRegion, bool DetectRegion, string Where, string ServiceName);
