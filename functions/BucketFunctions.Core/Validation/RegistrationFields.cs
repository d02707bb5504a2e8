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
    public const string ApiKeyUuid = "apiKeyUuid";
    public const string Provision = Provisioning.ProvisionRules.Field;

    /// <summary>Every field of the create and update bodies, in body order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Name, Bucket, StorageType, Key, Secret, Region, Endpoint, WorkspaceId, WalletAddress, ApiKeyUuid, Provision];

    /// <summary>The fields a create must give in every case (the validator names each one that is missing).</summary>
    public static IReadOnlyList<string> RequiredOnCreate { get; } = [Name, Bucket, StorageType, WorkspaceId];

    /// <summary>The fields a create must also give unless <see cref="ApiKeyUuid"/> names a stored provider key instead.</summary>
    public static IReadOnlyList<string> Credential { get; } = [Key, Secret];

    /// <summary>The fields a change may remove by sending them as JSON null; the others are part of every bucket.</summary>
    public static IReadOnlySet<string> Clearable { get; } = new HashSet<string>(StringComparer.Ordinal) { Region, Endpoint, WalletAddress };

    /// <summary>The error for a required field that is absent (or empty).</summary>
    public static FieldError Required(string field) => new(field, $"The {field} field is required.");
}
