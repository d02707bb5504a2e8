using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Buckets;

/// <summary>
/// A partial update as the client sent it: <see cref="Changes"/> holds the fields given a value (null = keep),
/// <see cref="Cleared"/> the fields sent as JSON null (only <c>region</c> and <c>endpoint</c> may be cleared), and
/// <see cref="ExpectedRevision"/> the revision named by <c>If-Match</c>, if any.
/// </summary>
public sealed record BucketUpdateInput
{
    public static readonly IReadOnlySet<string> ClearableFields = new HashSet<string>(StringComparer.Ordinal) { RegistrationFields.Region, RegistrationFields.Endpoint };

    public BucketRegistrationInput Changes { get; init; } = new();

    public IReadOnlySet<string> Cleared { get; init; } = new HashSet<string>();

    public long? ExpectedRevision { get; init; }
}
