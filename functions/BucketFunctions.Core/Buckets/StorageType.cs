namespace BucketFunctions.Core.Buckets;

/// <summary>The provider family a bucket lives at. S3 covers AWS and every S3-compatible service.</summary>
public enum StorageType
{
    S3,
    Gcs,
    Azure,
}
