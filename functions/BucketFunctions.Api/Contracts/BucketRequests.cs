using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Validation;
using F = BucketFunctions.Core.Validation.RegistrationFields;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// Flashback's create body (<c>POST /bucket</c>, <c>POST /bucket/validate</c>). Fields are nullable because a client
/// may leave them out; the validator names every missing one. <see cref="Secret"/> prints as a placeholder.
/// </summary>
public sealed record CreateBucketRequest : IRequestBody<CreateBucketRequest>
{
    public required string? Name { get; init; }
    public required string? Bucket { get; init; }
    public required string? StorageType { get; init; }
    public required string? Key { get; init; }
    public required SecretString? Secret { get; init; }
    public string? Region { get; init; }
    public string? Endpoint { get; init; }
    public required string? WorkspaceId { get; init; }

    public static CreateBucketRequest Read(JsonFields f) => new()
    {
        Name = f.String(F.Name), Bucket = f.String(F.Bucket), StorageType = f.String(F.StorageType), Key = f.String(F.Key),
        Secret = f.Secret(F.Secret), Region = f.String(F.Region), Endpoint = f.String(F.Endpoint), WorkspaceId = f.String(F.WorkspaceId),
    };

    public BucketRegistrationInput ToInput() => new()
    {
        Name = Name, Bucket = Bucket, StorageType = StorageType, Key = Key, Secret = Secret,
        Region = Region, Endpoint = Endpoint, WorkspaceId = WorkspaceId,
    };
}

/// <summary>
/// <c>PUT /bucket/{bucketId}</c>: any subset of the create fields; a field left out keeps its value, and <c>region</c>
/// or <c>endpoint</c> sent as null is cleared.
/// </summary>
public sealed record UpdateBucketRequest : IRequestBody<UpdateBucketRequest>
{
    public string? Name { get; init; }
    public string? Bucket { get; init; }
    public string? StorageType { get; init; }
    public string? Key { get; init; }
    public SecretString? Secret { get; init; }
    public string? Region { get; init; }
    public string? Endpoint { get; init; }
    public string? WorkspaceId { get; init; }

    public static UpdateBucketRequest Read(JsonFields f) => new()
    {
        Name = f.String(F.Name), Bucket = f.String(F.Bucket), StorageType = f.String(F.StorageType), Key = f.String(F.Key),
        Secret = f.Secret(F.Secret), Region = f.String(F.Region), Endpoint = f.String(F.Endpoint), WorkspaceId = f.String(F.WorkspaceId),
    };

    public BucketRegistrationInput ToChanges() => new()
    {
        Name = Name, Bucket = Bucket, StorageType = StorageType, Key = Key, Secret = Secret,
        Region = Region, Endpoint = Endpoint, WorkspaceId = WorkspaceId,
    };

    /// <summary>The fields the body sent as JSON null.</summary>
    public static IReadOnlySet<string> NullFields(JsonFields f) =>
        F.All.Where(f.IsNull).ToHashSet(StringComparer.Ordinal);
}
