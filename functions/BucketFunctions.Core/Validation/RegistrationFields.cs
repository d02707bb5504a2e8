namespace BucketFunctions.Core.Validation;

/// <summary>The JSON names of the bucket request fields, as <see cref="FieldError.Field"/> reports them.</summary>
public static class RegistrationFields
{
    public const string Name = "name";
    public const string Bucket = "bucket";
    public const string StorageType = "storageType";
    public const string Key = "key";
    public const string Secret = "secret";
    public const string Region = "region";
    public const string Endpoint = "endpoint";
    public const string WorkspaceId = "workspaceId";

    /// <summary>Every field of the create and update bodies, in body order.</summary>
    public static IReadOnlyList<string> All { get; } = [Name, Bucket, StorageType, Key, Secret, Region, Endpoint, WorkspaceId];

    /// <summary>The error for a required field that is absent (or empty).</summary>
    public static FieldError Required(string field) => new(field, $"The {field} field is required.");
}
