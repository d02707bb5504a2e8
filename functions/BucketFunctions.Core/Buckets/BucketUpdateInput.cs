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
    /// partial one (a new key with the old secret, or the reverse), the cleared fields removed. Null when no credential
    /// can be completed: the stored one is gone and the change does not give both parts.
    /// </summary>
    public BucketRegistrationInput? Over(Bucket current, StorageCredential? stored)
    {
        ArgumentNullException.ThrowIfNull(current);
        var key = Changes.Key ?? stored?.Key;
        var secret = Changes.Secret ?? stored?.Secret;
        if (key is null || secret is null)
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
        };
    }

    /// <summary>The refusal when <see cref="Over"/> found no credential to complete the change with.</summary>
    public static Failure CredentialMissing() => Failure.Validation([
        new FieldError(F.Key, "This bucket's stored credential could not be found; send both key and secret."),
        new FieldError(F.Secret, "This bucket's stored credential could not be found; send both key and secret."),
    ]);
}
