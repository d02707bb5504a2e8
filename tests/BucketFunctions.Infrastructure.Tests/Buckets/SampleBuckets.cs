using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Infrastructure.Tests.Buckets;

/// <summary>A valid, verified S3 bucket record for store tests; only what a test varies is a parameter.</summary>
internal static class SampleBuckets
{
    public static Bucket New(string organizationId, string name, string? workspaceId = "ws-1")
    {
        var now = DateTimeOffset.UtcNow;
        return new Bucket
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            Name = name,
            BucketName = "my-bucket",
            StorageTypeName = "S3",
            Region = "us-east-1",
            WorkspaceId = workspaceId,
            KeyHint = "AKIA...MPLE",
            Status = BucketStatus.Online,
            LastStatusAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        };
    }
}
