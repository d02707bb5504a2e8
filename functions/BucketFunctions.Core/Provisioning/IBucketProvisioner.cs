using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Provisioning;

/// <summary>
/// Creates and deletes buckets at the provider. <see cref="CreateAsync"/> makes the bucket and applies every setting; when
/// a setting fails it deletes the bucket it made (still empty) before answering, so only <see cref="ProvisionOutcome.Created"/>
/// leaves a bucket behind. Never throws for a provider's answer; only <see cref="OperationCanceledException"/> when the
/// caller cancels.
/// </summary>
public interface IBucketProvisioner
{
    Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes the bucket when it is empty: <see cref="ProvisionOutcome.Deleted"/>, or why not.</summary>
    Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a change to a registered bucket's settings: <see cref="ProvisionOutcome.Updated"/>, or the step that failed.
    /// </summary>
    Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken);

    /// <summary>
    /// What the provider holds now: <see cref="ProvisionOutcome.Read"/> with <see cref="ProvisionResult.Settings"/>, or why not.
    /// </summary>
    Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken);
}

/// <summary>Where to create (or delete) which bucket, with which credential and settings.</summary>
public sealed record ProvisionRequest(
    StorageType StorageType,
    string BucketName,
    string? Region,
    Uri? Endpoint,
    StorageCredential Credential,
    ProvisionSettings Settings)
{
    /// <summary>The secret read as a GCS service-account key file, when validation read it; null otherwise.</summary>
    public Validation.ServiceAccountKey? ServiceAccount { get; init; }

    /// <summary>The provider side of a registered bucket, with the credential it is stored with (no settings to apply).</summary>
    public static ProvisionRequest ForStored(Bucket bucket, StorageCredential credential)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return new(bucket.StorageType, bucket.BucketName, bucket.Region,
            bucket.Endpoint is { } endpoint ? new Uri(endpoint, UriKind.Absolute) : null, credential, new ProvisionSettings());
    }
}

public enum ProvisionOutcome
{
    Created,
    Deleted,
    Read,
    Updated,
    AlreadyExists,
    CredentialsRejected,
    PermissionDenied,
    EndpointNotAllowed,
    OptionNotSupported,
    InvalidName,

    /// <summary>The provider refused a setting (4xx); the bucket made for it was deleted again.</summary>
    SettingRefused,

    /// <summary>The provider failed or stopped answering; a bucket made before was deleted again where it could be.</summary>
    ProviderUnavailable,
    NotEmpty,
    NotFound,
}

/// <summary>
/// What the provider did, in words safe to show a client (never the secret, never the provider's free text).
/// <see cref="Setting"/> is the request field that failed (<c>provision.corsRules</c>, <c>region</c>); <see cref="ProviderCode"/> is the
/// provider's error code.
/// </summary>
public sealed record ProvisionResult(ProvisionOutcome Outcome, string Message, string? Setting = null, string? ProviderCode = null)
{
    public bool Succeeded =>
        Outcome is ProvisionOutcome.Created or ProvisionOutcome.Deleted or ProvisionOutcome.Read or ProvisionOutcome.Updated;

    /// <summary>With <see cref="ProvisionOutcome.Read"/>: the bucket's settings as the provider holds them.</summary>
    public ProvisionSettings? Settings { get; init; }
}
