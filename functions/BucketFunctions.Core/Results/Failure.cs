using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Results;

/// <summary>
/// Why a request was refused, in words safe to show the caller: <see cref="Title"/> is short and fixed per case,
/// <see cref="Detail"/> says what to fix. Never carries a secret.
/// </summary>
public sealed record Failure(FailureKind Kind, string Title, string Detail)
{
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>Set with <see cref="FailureKind.TooManyBuckets"/>: how many buckets exist and may exist.</summary>
    public QuotaUsage? Quota { get; init; }

    /// <summary>Set when a provider key's rotation was refused: the buckets its new credential could not be proven against.</summary>
    public IReadOnlyList<ProviderKeys.UnprovenBucket> Buckets { get; init; } = [];

    public static Failure Validation(IReadOnlyList<FieldError> errors)
    {
        // An endpoint the service refuses to call has its own code, but only when it is the sole problem:
        // otherwise one validation failure lists everything to fix at once.
        // A provision setting the provider cannot hold likewise has its own code when it is all that is wrong.
        var endpointOnly = errors.Count > 0 && errors.All(e => e.Kind == FieldErrorKind.EndpointNotAllowed);
        var unsupportedOnly = errors.Count > 0 && errors.All(e => e.Kind == FieldErrorKind.OptionNotSupported);
        return endpointOnly
            ? new(FailureKind.EndpointNotAllowed, "Endpoint not allowed", errors[0].Message) { Errors = errors }
            : unsupportedOnly
            ? new(FailureKind.OptionNotSupported, "Option not supported",
                $"The provider cannot hold: {string.Join(", ", errors.Select(e => e.Field).Distinct())}. Nothing was changed.")
            {
                Errors = errors,
            }
            : new(FailureKind.ValidationFailed, "Validation failed", $"{errors.Count} field(s) are invalid: {string.Join(", ", errors.Select(e => e.Field).Distinct())}.") { Errors = errors };
    }

    public static Failure Field(FailureKind kind, string title, string field, string message) =>
        new(kind, title, message) { Errors = [new FieldError(field, message)] };

    public static Failure MissingCapability(string detail) => new(FailureKind.MissingCapability, "Missing capability", detail);

    public static Failure NotFound(string detail) => new(FailureKind.NotFound, "Not found", detail);
}
