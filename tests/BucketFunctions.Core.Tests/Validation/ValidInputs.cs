using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

/// <summary>Known-good create requests; tests break one field at a time with <c>with</c>.</summary>
internal static class ValidInputs
{
    /// <summary>Azurite's well-known development account key: 64 bytes, base64.</summary>
    public const string AzureAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static BucketRegistrationInput S3 => new()
    {
        Name = "My Backup Bucket",
        Bucket = "my-backup-bucket-2024",
        StorageType = "S3",
        Key = "AKIAIOSFODNN7EXAMPLE",
        Secret = new SecretString("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        Region = "us-east-1",
        WorkspaceId = "workspace-123",
    };

    public static BucketRegistrationInput S3Compatible => S3 with { Region = "us1", Endpoint = "https://gateway.storjshare.io" };

    public static BucketRegistrationInput Gcs => new()
    {
        Name = "Analytics",
        Bucket = "analytics_exports-2024",
        StorageType = "GCS",
        Key = "GOOG1EXAMPLEHMACACCESSID",
        Secret = new SecretString("bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ"),
        Region = "us-central1",
        WorkspaceId = "workspace-123",
    };

    public static BucketRegistrationInput Azure => new()
    {
        Name = "Archive",
        Bucket = "archive-container",
        StorageType = "AZURE",
        Key = "mystorageaccount",
        Secret = new SecretString(AzureAccountKey),
        WorkspaceId = "workspace-123",
    };
}
