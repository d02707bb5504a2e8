namespace BucketFunctions.Core.Validation;

/// <summary>
/// The JSON names of the bucket request fields (<see cref="BucketRegistrationInput"/>), as <see cref="FieldError.Field"/>
/// reports them.
/// </summary>
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
    public const string WalletAddress = "walletAddress";

    /// <summary>Every field of the create and update bodies, in body order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Name, Bucket, StorageType, Key, Secret, Region, Endpoint, WorkspaceId, WalletAddress];

    /// <summary>The fields a create must give, as Flashback marks them (the validator names each one that is missing).</summary>
    public static IReadOnlyList<string> RequiredOnCreate { get; } = [Name, Bucket, StorageType, Key, Secret, WorkspaceId];

    /// <summary>The fields a change may remove by sending them as JSON null; the others are part of every bucket.</summary>
    public static IReadOnlySet<string> Clearable { get; } = new HashSet<string>(StringComparer.Ordinal) { Region, Endpoint, WalletAddress };

    /// <summary>The error for a required field that is absent (or empty).</summary>
    public static FieldError Required(string field) => new(field, $"The {field} field is required.");
}
