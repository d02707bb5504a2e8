using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;
using F = BucketFunctions.Core.Validation.RegistrationFields;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// The bucket body, declared once as Core's BucketRegistrationInput, and read once, here. Each route names it in the OpenAPI
/// document its own way and says which of its fields it requires.
/// </summary>
public static class BucketBody
{
    /// <summary>
    /// <c>POST /bucket</c>, <c>POST /bucket/validate</c>: Flashback's create body, its required fields required; key and
    /// secret too unless <c>apiKeyUuid</c> names a stored provider key, whose credential (and endpoint and region, where the
    /// body gives none) the bucket then uses.
    /// </summary>
    public static readonly RequestBody Create = new("CreateBucketRequest", typeof(BucketRegistrationInput), F.RequiredOnCreate);

    /// <summary>
    /// <c>PUT /bucket/{bucketId}</c>: the create body, every field optional. Flashback's client sends it whole; a field left
    /// out keeps its value, one equal to the stored value is no change, and <c>region</c>, <c>endpoint</c> or
    /// <c>walletAddress</c> sent as null is removed.
    /// </summary>
    public static readonly RequestBody Update = new("UpdateBucketRequest", typeof(BucketRegistrationInput), []);

    /// <summary>
    /// <c>POST /bucket/{bucketId}/validate</c>'s optional body: Flashback's client sends <c>{bucket, key?, secret?,
    /// endpoint?, apiKeyUuid?}</c>. The fields given are checked in place of the stored ones, as a PUT with this body would leave the
    /// bucket, and nothing is stored.
    /// </summary>
    public static readonly RequestBody Validate = new("ValidateBucketRequest", typeof(BucketRegistrationInput), [], Optional: true);

    /// <summary>Reads the bucket body (<see cref="BucketRegistrationInput"/>) from a request's JSON fields.</summary>
    public static Result<BucketRegistrationInput> Read(JsonFields body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.Read(f => new BucketRegistrationInput
        {
            Name = f.String(F.Name),
            Bucket = f.String(F.Bucket),
            StorageType = f.String(F.StorageType),
            Key = f.String(F.Key),
            Secret = f.Secret(F.Secret),
            Region = f.String(F.Region),
            Endpoint = f.String(F.Endpoint),
            WorkspaceId = f.String(F.WorkspaceId),
            WalletAddress = f.String(F.WalletAddress),
            ApiKeyUuid = f.String(F.ApiKeyUuid),
            Provision = f.Object<Core.Provisioning.ProvisionInput>(F.Provision),
        });
    }

    /// <summary>The body as a change: its fields, and those it sent as JSON null (a change's way to remove a value).</summary>
    public static Result<BucketUpdateInput> ReadChanges(JsonFields body) =>
        Read(body).Map(changes => new BucketUpdateInput
        {
            Changes = changes,
            Cleared = F.All.Where(body.IsNull).ToHashSet(StringComparer.Ordinal),
        });
}
