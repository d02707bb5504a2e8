using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;
using F = BucketFunctions.Core.Validation.RegistrationFields;

namespace BucketFunctions.Core.Buckets;

/// <summary>
/// A change as the client sent it: <see cref="Changes"/> holds the fields given a value (null = keep),
/// <see cref="Cleared"/> the fields sent as JSON null (only <see cref="F.Clearable"/> ones may be), and
/// <see cref="ExpectedRevision"/> the revision named by <c>If-Match</c>, if any. Flashback's client sends the whole
/// create body; a field that equals the stored value is no change.
/// </summary>
public sealed record BucketUpdateInput
{
    public BucketRegistrationInput Changes { get; init; } = new();

    public IReadOnlySet<string> Cleared { get; init; } = new HashSet<string>();

    public long? ExpectedRevision { get; init; }

    /// <summary>True when the body gave no field at all (an empty object).</summary>
    public bool IsEmpty => Changes == new BucketRegistrationInput() && Cleared.Count == 0;

    /// <summary>The refusal for fields sent as null that a bucket cannot do without; null when there are none.</summary>
    public Failure? CheckCleared()
    {
        var refused = Cleared.Where(f => !F.Clearable.Contains(f)).Order(StringComparer.Ordinal)
            .Select(f => new FieldError(f, $"The {f} field cannot be removed; leave it out to keep its value.")).ToList();
        return refused.Count == 0 ? null : Failure.Validation(refused);
    }

    /// <summary>
    /// The bucket body this change leaves: the given fields over the stored ones, the stored credential completing a
    /// partial one (a new key with the old secret, or the reverse), the cleared fields removed. A bucket on a provider key
    /// stays on it unless the change names another key or gives its own key and secret (both: nothing of the provider
    /// key's is copied into a bucket's own credential). Null when no credential can be completed: the stored one is gone
    /// and the change does not give both parts, or the bucket is on a provider key and the change gives only one.
    /// </summary>
    public BucketRegistrationInput? Over(Bucket current, StorageCredential? stored)
    {
        ArgumentNullException.ThrowIfNull(current);
        var staysOnKey = Changes.ApiKeyUuid is null && Changes.Key is null && Changes.Secret is null && current.ApiKeyId is not null;
        var apiKeyUuid = Changes.ApiKeyUuid ?? (staysOnKey ? current.ApiKeyId!.Value.ToString("D") : null);
        var completing = apiKeyUuid is null && current.ApiKeyId is null ? stored : null;
        var key = Changes.Key ?? completing?.Key;
        var secret = Changes.Secret ?? completing?.Secret;
        if (apiKeyUuid is null && (key is null || secret is null))
        {
            return null;
        }

        return new BucketRegistrationInput
        {
            Name = Changes.Name ?? current.Name,
            Bucket = Changes.Bucket ?? current.BucketName,
            StorageType = Changes.StorageType ?? current.StorageTypeName,
            Key = key,
            Secret = secret,
            Region = Cleared.Contains(F.Region) ? null : Changes.Region ?? current.Region,
            Endpoint = Cleared.Contains(F.Endpoint) ? null : Changes.Endpoint ?? current.Endpoint,
            WorkspaceId = Changes.WorkspaceId ?? current.WorkspaceId,
            WalletAddress = Cleared.Contains(F.WalletAddress) ? null : Changes.WalletAddress ?? current.WalletAddress,
            ApiKeyUuid = apiKeyUuid,
        };
    }

    /// <summary>The refusal when <see cref="Over"/> found no credential to complete the change with.</summary>
    public static Failure CredentialMissing(Bucket current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var message = current.ApiKeyId is null
            ? "This bucket's stored credential could not be found; send both key and secret."
            : "This bucket uses a provider key; send both key and secret to give it its own credential, or apiKeyUuid.";
        return Failure.Validation([new FieldError(F.Key, message), new FieldError(F.Secret, message)]);
    }
}
