using BucketFunctions.Api.Admin;
using BucketFunctions.Api.Buckets;
using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Health;
using BucketFunctions.Api.OpenApi;
using BucketFunctions.Api.ProviderKeys;
using BucketFunctions.Api.Quota;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using K = BucketFunctions.Core.Results.FailureKind;

namespace BucketFunctions.Api.Routing;

/// <summary>
/// The route table both hosts serve, with no prefix (host.json sets routePrefix to ""). Each route is declared once
/// here; the local host maps <see cref="All"/> in a loop, the OpenAPI document is produced from it, and the Functions
/// app mirrors it with one trigger per route (attributes need the template constants below), kept identical by a test.
/// No template starts with <c>admin</c> or <c>runtime</c>: the Functions host reserves both.
/// </summary>
public static class ApiRoutes
{
    public const string Buckets = "bucket";
    public const string BucketById = "bucket/{bucketId}";
    public const string BucketValidation = "bucket/validate";
    public const string StoredBucketValidation = "bucket/{bucketId}/validate";
    public const string BucketStatus = "bucket/{bucketId}/status";
    public const string BucketStats = "bucket/{bucketId}/stats";
    public const string AvailableBuckets = "bucket/available";
    public const string ProviderKeys = "apikeys";
    public const string ProviderKeyById = "apikeys/{apiKeyId}";
    public const string Quota = "quota";
    public const string UserQuota = "user/quota";
    public const string Health = "health";
    public const string OpenApiDocument = "openapi.json";
    public const string Organizations = "manage/organizations";
    public const string Organization = "manage/organizations/{organizationId}";
    public const string Workspaces = "manage/organizations/{organizationId}/workspaces";
    public const string Tokens = "manage/organizations/{organizationId}/tokens";
    public const string Token = "manage/organizations/{organizationId}/tokens/{tokenId}";
    public const string Reencrypt = "manage/credentials/reencrypt";

    private static readonly K[] Probing =
        [K.ValidationFailed, K.UnknownWorkspace, K.CredentialsRejected, K.BucketNotFoundAtProvider, K.RegionMismatch,
         K.PermissionDeniedAtProvider, K.EndpointNotAllowed, K.ProviderNotSupported, K.ProviderUnavailable];

    /// <summary>
    /// A create with <c>provision</c>: a setting the provider cannot hold, an existing bucket, a failed step (rolled back).
    /// </summary>
    private static readonly K[] Provisioning =
        [K.OptionNotSupported, K.BucketExistsAtProvider, K.ProvisioningFailed, K.ProvisioningUnavailable];

    /// <summary>A registered bucket's provider asked with its stored credential (read its settings, delete it there).</summary>
    private static readonly K[] AtProvider =
        [K.CredentialsRejected, K.PermissionDeniedAtProvider, K.EndpointNotAllowed, K.BucketNotFoundAtProvider, K.OptionNotSupported,
         K.ProvisioningFailed, K.ProvisioningUnavailable, K.ProviderUnavailable];

    public static readonly ApiRoute CreateBucket = ApiRoute.Tenant<BucketHandlers, NewBucket, CreateBucketResponse>(
        "CreateBucket", "POST", Buckets, Capability.WriteBuckets,
        "Register a bucket after proving its credentials at the provider: key and secret, or apiKeyUuid naming a stored provider key. "
        + "With provision, create the bucket at the provider first with those settings (all or nothing).",
        h => h.CreateAsync, [.. Probing, K.DuplicateBucketName, K.TooManyBuckets, K.Busy, .. Provisioning], idempotent: true);

    public static readonly ApiRoute ListBuckets = ApiRoute.Tenant<BucketHandlers, BucketListInput, BucketListResponse>(
        "ListBuckets", "GET", Buckets, Capability.ListBuckets, "List the organization's buckets a page at a time.",
        h => h.ListAsync, [K.ValidationFailed]);

    public static readonly ApiRoute GetBucket = ApiRoute.Tenant<BucketHandlers, BucketRead, GetBucketResponse>(
        "GetBucket", "GET", BucketById, Capability.ReadBuckets,
        "Read one bucket; with settings=true also its settings as the provider holds them now (provisioning).", h => h.GetAsync,
        [K.NotFound, K.ValidationFailed, .. AtProvider]);

    public static readonly ApiRoute UpdateBucket = ApiRoute.Tenant<BucketHandlers, BucketUpdate, UpdateBucketResponse>(
        "UpdateBucket", "PUT", BucketById, Capability.WriteBuckets,
        "Change any fields of a bucket (the whole create body may be sent: unchanged fields are no change); "
        + "changed credentials are proven first. With provision, change what the provider allows after creation.",
        h => h.UpdateAsync,
        [.. Probing, K.NotFound, K.DuplicateBucketName, K.RevisionMismatch, K.Busy, K.OptionNotSupported, K.ProvisioningFailed,
         K.ProvisioningUnavailable],
        idempotent: true);

    public static readonly ApiRoute DeleteBucket = ApiRoute.Tenant<BucketHandlers, BucketDeletion, SuccessResponse>(
        "DeleteBucket", "DELETE", BucketById, Capability.DeleteBuckets,
        "Delete a bucket and destroy its stored credentials; with deleteAtProvider=true also delete it at the provider when it is empty.",
        h => h.DeleteAsync, [K.NotFound, K.Busy, K.ValidationFailed, K.BucketNotEmpty, .. AtProvider]);

    public static readonly ApiRoute ValidateNewBucket = ApiRoute.Tenant<BucketHandlers, NewBucketValidation, ValidationReportResponse>(
        "ValidateNewBucket", "POST", BucketValidation, Capability.WriteBuckets,
        "Check a create body at the provider, step by step, and store nothing (200 whatever the provider said).",
        h => h.ValidateNewAsync, [K.ValidationFailed, K.UnknownWorkspace, K.EndpointNotAllowed, K.OptionNotSupported]);

    public static readonly ApiRoute ValidateBucket = ApiRoute.Tenant<BucketHandlers, StoredBucketValidation, ValidationReportResponse>(
        "ValidateBucket", "POST", StoredBucketValidation, Capability.ReadBuckets,
        "Check a stored bucket with its stored credential, recording status and lastStatusAt (the revision stays); or, with a body, "
        + "check the fields it gives (key, secret, bucket, endpoint…) in place of the stored ones and store nothing.",
        h => h.ValidateStoredAsync, [K.ValidationFailed, K.NotFound, K.EndpointNotAllowed, K.ProviderUnavailable]);

    public static readonly ApiRoute GetBucketStatus = ApiRoute.Tenant<BucketHealthHandlers, BucketRef, BucketStatusResponse>(
        "GetBucketStatus", "GET", BucketStatus, Capability.ReadBuckets,
        "How each region that checks the bucket saw it last: ONLINE, OFFLINE (its last check failed) or DISCONNECTED "
        + "(it has not checked within two intervals).",
        h => h.StatusAsync, [K.NotFound]);

    public static readonly ApiRoute GetBucketStats = ApiRoute.Tenant<BucketHealthHandlers, BucketStatsInput, BucketStatsResponse>(
        "GetBucketStats", "POST", BucketStats, Capability.ReadBuckets,
        "One UTC day of the bucket's checks per region: the share that found it ONLINE and the provider's latency.",
        h => h.StatsAsync, [K.ValidationFailed, K.NotFound]);

    // Named to sort before GetBucket (ordinal, ignoring case): the Functions host would otherwise send GET /bucket/available
    // to GetBucket's bucket/{bucketId}.
    public static readonly ApiRoute GetAvailableBuckets =
        ApiRoute.Tenant<BucketHealthHandlers, AvailableBucketsInput, IReadOnlyList<BucketResource>>(
        "GetAvailableBuckets", "GET", AvailableBuckets, Capability.ListBuckets,
        "The buckets in the token's reach (and the workspace, when given) whose last check found them ONLINE, as a bare array.",
        h => h.AvailableAsync, [K.ValidationFailed]);

    public static readonly ApiRoute CreateProviderKey = ApiRoute.Tenant<ProviderKeyHandlers, NewProviderKey, CreateProviderKeyResponse>(
        "CreateProviderKey", "POST", ProviderKeys, Capability.WriteBuckets,
        "Store a provider credential once, to register buckets with (apiKeyUuid); the secret goes to the credential vault.",
        h => h.CreateAsync, [K.ValidationFailed, K.UnknownWorkspace, K.EndpointNotAllowed, K.ProviderUnavailable], idempotent: true);

    public static readonly ApiRoute ListProviderKeys = ApiRoute.Tenant<ProviderKeyHandlers, ProviderKeyListInput, ProviderKeyListResponse>(
        "ListProviderKeys", "GET", ProviderKeys, Capability.ListBuckets,
        "The organization's provider keys, each with a hint of its access key and how many buckets use it.", h => h.ListAsync,
        [K.ValidationFailed]);

    public static readonly ApiRoute UpdateProviderKey = ApiRoute.Tenant<ProviderKeyHandlers, ProviderKeyUpdate, UpdateProviderKeyResponse>(
        "UpdateProviderKey", "PUT", ProviderKeyById, Capability.WriteBuckets,
        "Change any fields of a provider key. A new key or secret is proven against every bucket that uses the key before it is "
        + "stored; if one refuses it nothing is stored, and the answer names the buckets it could not be proven against.",
        h => h.UpdateAsync,
        [K.ValidationFailed, K.UnknownWorkspace, K.EndpointNotAllowed, K.NotFound, K.CredentialsRejected, K.ProviderUnavailable, K.Busy],
        idempotent: true);

    public static readonly ApiRoute DeleteProviderKey = ApiRoute.Tenant<ProviderKeyHandlers, ProviderKeyRef, SuccessResponse>(
        "DeleteProviderKey", "DELETE", ProviderKeyById, Capability.WriteBuckets,
        "Delete a provider key no bucket uses (409 api_key_in_use says how many do) and destroy its stored credential.",
        h => h.DeleteAsync, [K.NotFound, K.ApiKeyInUse, K.Busy]);

    public static readonly ApiRoute GetQuota = ApiRoute.Tenant<QuotaHandler, NoInput, QuotaResponse>(
        "GetQuota", "GET", Quota, capability: null, "The organization's plan, bucket quota and usage.", h => h.GetAsync);

    public static readonly ApiRoute GetUserQuota = ApiRoute.Tenant<QuotaHandler, NoInput, QuotaResponse>(
        "GetUserQuota", "GET", UserQuota, capability: null,
        "The same answer as GET /quota, where Flashback's client asks for it (getUserQuota).", h => h.GetAsync);

    public static readonly ApiRoute GetHealth = ApiRoute.Untenanted<HealthHandler, NoInput, HealthResponse>(
        "GetHealth", "GET", Health, RouteAccess.Public,
        "Whether Table Storage and the credential vault answer (503 names the one that does not).",
        h => h.GetAsync);

    public static readonly ApiRoute GetOpenApiDocument = ApiRoute.Untenanted<OpenApiHandler, NoInput, System.Text.Json.Nodes.JsonObject>(
        "GetOpenApiDocument", "GET", OpenApiDocument, RouteAccess.Public, "This contract as an OpenAPI 3.1 document.", h => h.GetAsync);

    public static readonly ApiRoute CreateOrganization =
        ApiRoute.Untenanted<OrganizationAdminHandlers, Body<CreateOrganizationRequest>, OrganizationResponse>(
        "CreateOrganization", "POST", Organizations, RouteAccess.Operator, "Create an organization, optionally with its own bucket limit.",
        h => h.CreateOrganizationAsync, [K.ValidationFailed, K.AlreadyExists]);

    public static readonly ApiRoute UpdateOrganization =
        ApiRoute.Untenanted<OrganizationAdminHandlers, OrganizationBody<UpdateOrganizationRequest>, OrganizationResponse>(
        "UpdateOrganization", "PUT", Organization, RouteAccess.Operator, "Rename an organization or change its bucket limit.",
        h => h.UpdateOrganizationAsync, [K.ValidationFailed, K.NotFound]);

    public static readonly ApiRoute AddWorkspace =
        ApiRoute.Untenanted<OrganizationAdminHandlers, OrganizationBody<AddWorkspaceRequest>, WorkspaceResponse>(
        "AddWorkspace", "POST", Workspaces, RouteAccess.Operator, "Register a workspace in an organization.",
        h => h.AddWorkspaceAsync, [K.ValidationFailed, K.NotFound, K.AlreadyExists]);

    public static readonly ApiRoute IssueToken =
        ApiRoute.Untenanted<OrganizationAdminHandlers, OrganizationBody<IssueTokenRequest>, IssuedTokenResponse>(
        "IssueToken", "POST", Tokens, RouteAccess.Operator, "Issue an API token; it is shown once and stored only as a hash.",
        h => h.IssueTokenAsync, [K.ValidationFailed, K.UnknownWorkspace, K.NotFound]);

    public static readonly ApiRoute RevokeToken = ApiRoute.Untenanted<OrganizationAdminHandlers, TokenRef, SuccessResponse>(
        "RevokeToken", "DELETE", Token, RouteAccess.Operator, "Revoke a token; it stops working at once.",
        h => h.RevokeTokenAsync, [K.NotFound]);

    public static readonly ApiRoute ReencryptCredentials =
        ApiRoute.Untenanted<CredentialAdminHandlers, ReencryptionInput, ReencryptionResponse>(
        "ReencryptCredentials", "POST", Reencrypt, RouteAccess.Operator,
        "Move a page of stored credentials to the active envelope key (repeat with the continuationToken until it is null).",
        h => h.ReencryptAsync, [K.ValidationFailed]);

    /// <summary>Every route, in the order the OpenAPI document lists them.</summary>
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        CreateBucket, ListBuckets, GetBucket, UpdateBucket, DeleteBucket, ValidateNewBucket, ValidateBucket,
        GetBucketStatus, GetBucketStats, GetAvailableBuckets,
        CreateProviderKey, ListProviderKeys, UpdateProviderKey, DeleteProviderKey,
        GetQuota, GetUserQuota, GetHealth, GetOpenApiDocument,
        CreateOrganization, UpdateOrganization, AddWorkspace, IssueToken, RevokeToken, ReencryptCredentials,
    ];

    public static ApiRoute ByName(string name) => All.Single(r => r.Name == name);
}
