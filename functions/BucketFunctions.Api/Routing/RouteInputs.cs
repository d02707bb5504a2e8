using System.Globalization;
using BucketFunctions.Api.Contracts;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Api.Routing;

// The typed inputs handlers receive, each bound from the request in one place.

/// <summary>A route that takes nothing but who is calling.</summary>
public sealed record NoInput : IRouteInput<NoInput>
{
    public static Result<NoInput> Bind(RouteCall call) => new NoInput();
}

/// <summary>A route that takes a JSON body and nothing else.</summary>
public sealed record Body<TBody>(TBody Value) : IRouteInput<Body<TBody>>
    where TBody : IRequestBody<TBody>
{
    public static RequestBody? RequestBody => RequestBody.Of<TBody>();

    public static Result<Body<TBody>> Bind(RouteCall call) => call.Body.Read(TBody.Read).Map(body => new Body<TBody>(body));
}

/// <summary>A route under <c>/manage/organizations/{organizationId}</c> that takes a JSON body.</summary>
public sealed record OrganizationBody<TBody>(string OrganizationId, TBody Value) : IRouteInput<OrganizationBody<TBody>>
    where TBody : IRequestBody<TBody>
{
    public static RequestBody? RequestBody => RequestBody.Of<TBody>();

    public static Result<OrganizationBody<TBody>> Bind(RouteCall call) =>
        call.Body.Read(TBody.Read).Map(body => new OrganizationBody<TBody>(call.RouteValue("organizationId"), body));
}

/// <summary><c>/manage/organizations/{organizationId}/tokens/{tokenId}</c>.</summary>
public sealed record TokenRef(string OrganizationId, string TokenId) : IRouteInput<TokenRef>
{
    public static Result<TokenRef> Bind(RouteCall call) => new TokenRef(call.RouteValue("organizationId"), call.RouteValue("tokenId"));
}

/// <summary><c>POST /manage/credentials/reencrypt?pageSize=&amp;continuationToken=</c>.</summary>
public sealed record ReencryptionInput(int PageSize, string? ContinuationToken) : IRouteInput<ReencryptionInput>
{
    public static IReadOnlyList<RouteParameter> Parameters =>
    [
        new(BucketAccess.PageSizeField, ParameterLocation.Query,
            $"Entries per call, 1 to {CredentialReencryptionService.MaxPageSize}; default {CredentialReencryptionService.DefaultPageSize}.", "integer"),
        new(BucketAccess.ContinuationTokenField, ParameterLocation.Query, "The continuationToken of the previous answer."),
    ];

    public static Result<ReencryptionInput> Bind(RouteCall call) =>
        Paging.PageSize(call, CredentialReencryptionService.DefaultPageSize) is { } pageSize
            ? new ReencryptionInput(pageSize, Paging.Token(call))
            : Paging.InvalidPageSize(CredentialReencryptionService.MaxPageSize);
}

/// <summary><c>POST /bucket</c>: the bucket body.</summary>
public sealed record NewBucket(BucketRegistrationInput Value) : IRouteInput<NewBucket>
{
    public static RequestBody? RequestBody => BucketBody.Create;

    public static Result<NewBucket> Bind(RouteCall call) => BucketBody.Read(call.Body).Map(body => new NewBucket(body));
}

/// <summary><c>POST /bucket/validate?write=</c>: the create body, checked and stored nowhere.</summary>
public sealed record NewBucketValidation(BucketRegistrationInput Body, bool Write) : IRouteInput<NewBucketValidation>
{
    public static RequestBody? RequestBody => BucketBody.Create;

    public static IReadOnlyList<RouteParameter> Parameters => [WriteFlag.Parameter];

    public static Result<NewBucketValidation> Bind(RouteCall call)
    {
        var body = BucketBody.Read(call.Body);
        if (!body.Succeeded)
        {
            return body.Failure!;
        }

        return QueryFlag.Read(call, WriteFlag.Name) is { } write
            ? new NewBucketValidation(body.Value, write)
            : QueryFlag.Invalid(WriteFlag.Name);
    }
}

/// <summary>
/// <c>POST /bucket/{bucketId}/validate?write=</c>: the stored bucket, checked with its stored credential, or — with a
/// body — with the fields the body gives in place of the stored ones.
/// </summary>
public sealed record StoredBucketValidation(string BucketId, BucketUpdateInput? Changes, bool Write) : IRouteInput<StoredBucketValidation>
{
    public static RequestBody? RequestBody => BucketBody.Validate;

    public static IReadOnlyList<RouteParameter> Parameters => [WriteFlag.Parameter];

    public static Result<StoredBucketValidation> Bind(RouteCall call)
    {
        var changes = call.OptionalBody is { } body ? BucketBody.ReadChanges(body) : null;
        if (changes is { Succeeded: false })
        {
            return changes.Failure!;
        }

        return QueryFlag.Read(call, WriteFlag.Name) is { } write
            ? new StoredBucketValidation(call.RouteValue("bucketId"), changes?.Value, write)
            : QueryFlag.Invalid(WriteFlag.Name);
    }
}

/// <summary>The validate routes' <c>?write=true</c>: also write and delete a small probe object.</summary>
internal static class WriteFlag
{
    public const string Name = "write";

    public static readonly RouteParameter Parameter =
        new(Name, ParameterLocation.Query, "true: also write and delete a small probe object (write_allowed, delete_allowed).", "boolean");
}

/// <summary>A true/false query parameter, read one way for every route that takes one.</summary>
internal static class QueryFlag
{
    /// <summary>False when absent; null when it is neither true nor false (exactly: bool.TryParse forgives a trailing NUL).</summary>
    public static bool? Read(RouteCall call, string name) => call.Query(name) switch
    {
        null or "" => false,
        var text when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
        var text when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
        _ => null,
    };

    public static Failure Invalid(string name) => Failure.Validation([new FieldError(name, $"The {name} parameter must be true or false.")]);
}

/// <summary><c>GET /bucket/{bucketId}?settings=</c>.</summary>
public sealed record BucketRead(string BucketId, bool Settings) : IRouteInput<BucketRead>
{
    public const string Flag = "settings";

    public static IReadOnlyList<RouteParameter> Parameters =>
        [new(Flag, ParameterLocation.Query, "true: also read the bucket's settings from the provider (the provisioning block).", "boolean")];

    public static Result<BucketRead> Bind(RouteCall call) =>
        QueryFlag.Read(call, Flag) is { } flag ? new BucketRead(call.RouteValue("bucketId"), flag) : QueryFlag.Invalid(Flag);
}

/// <summary><c>DELETE /bucket/{bucketId}?deleteAtProvider=</c>.</summary>
public sealed record BucketDeletion(string BucketId, bool DeleteAtProvider) : IRouteInput<BucketDeletion>
{
    public const string Flag = "deleteAtProvider";

    public static IReadOnlyList<RouteParameter> Parameters =>
        [new(Flag, ParameterLocation.Query,
            "true: also delete the bucket at the provider, when it is empty (409 bucket_not_empty keeps the registration).", "boolean")];

    public static Result<BucketDeletion> Bind(RouteCall call) =>
        QueryFlag.Read(call, Flag) is { } flag ? new BucketDeletion(call.RouteValue("bucketId"), flag) : QueryFlag.Invalid(Flag);
}

/// <summary><c>/bucket/{bucketId}</c>.</summary>
public sealed record BucketRef(string BucketId) : IRouteInput<BucketRef>
{
    public static Result<BucketRef> Bind(RouteCall call) => new BucketRef(call.RouteValue("bucketId"));
}

/// <summary><c>GET /bucket?workspaceId=&amp;walletAddress=&amp;pageSize=&amp;continuationToken=</c>.</summary>
public sealed record BucketListInput(string? WorkspaceId, string? WalletAddress, int PageSize, string? ContinuationToken)
    : IRouteInput<BucketListInput>
{
    public static IReadOnlyList<RouteParameter> Parameters =>
    [
        new(BucketAccess.ListWorkspaceField, ParameterLocation.Query, "Only buckets of this workspace. " + Paging.AbsentValues),
        new(BucketAccess.ListWalletField, ParameterLocation.Query, "Only buckets registered with this wallet. " + Paging.AbsentValues),
        new(BucketAccess.PageSizeField, ParameterLocation.Query,
            $"1 to {BucketListQuery.MaxPageSize}; default {BucketListQuery.DefaultPageSize}.", "integer"),
        new(BucketAccess.ContinuationTokenField, ParameterLocation.Query, "The continuationToken of the previous page, as it was given."),
    ];

    public static Result<BucketListInput> Bind(RouteCall call) =>
        Paging.PageSize(call, BucketListQuery.DefaultPageSize) is { } pageSize
            ? new BucketListInput(
                Paging.Optional(call.Query(BucketAccess.ListWorkspaceField)), Paging.Optional(call.Query(BucketAccess.ListWalletField)),
                pageSize, Paging.Token(call))
            : Paging.InvalidPageSize(BucketListQuery.MaxPageSize);
}

/// <summary>The paged routes' <c>pageSize</c> and <c>continuationToken</c> query parameters, read one way.</summary>
internal static class Paging
{
    public const string AbsentValues = "Empty, undefined or null means absent (Flashback's client sends the last two).";

    /// <summary>The page size given (range checks are the service's), the default when absent, null when not a whole number.</summary>
    public static int? PageSize(RouteCall call, int defaultSize) => call.Query(BucketAccess.PageSizeField) switch
    {
        null => defaultSize,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) => size,
        _ => null,
    };

    public static Failure InvalidPageSize(int maxSize) =>
        Failure.Validation([new FieldError(BucketAccess.PageSizeField, $"The pageSize must be a whole number from 1 to {maxSize}.")]);

    public static string? Token(RouteCall call) => call.Query(BucketAccess.ContinuationTokenField) is { Length: > 0 } token ? token : null;

    /// <summary>
    /// An optional filter: Flashback's client builds <c>?workspaceId=' + workspaceId + '&amp;walletAddress=' + …</c>, so an
    /// argument it was not given arrives as the text <c>undefined</c> (or <c>null</c>); those, and empty, mean absent.
    /// </summary>
    public static string? Optional(string? value) => value is null or "" or "undefined" or "null" ? null : value;
}

/// <summary><c>PUT /bucket/{bucketId}</c> with an optional <c>If-Match: "&lt;revision&gt;"</c>.</summary>
public sealed record BucketUpdate(string BucketId, BucketUpdateInput Input) : IRouteInput<BucketUpdate>
{
    public const string IfMatchHeader = "If-Match";

    public static RequestBody? RequestBody => BucketBody.Update;

    public static IReadOnlyList<RouteParameter> Parameters =>
        [new(IfMatchHeader, ParameterLocation.Header,
            "The revision the change is based on, quoted (\"3\"); a stale one is refused with 412.")];

    public static Result<BucketUpdate> Bind(RouteCall call)
    {
        var changes = BucketBody.ReadChanges(call.Body);
        if (!changes.Succeeded)
        {
            return changes.Failure!;
        }

        long? expected = null;
        if (call.Header(IfMatchHeader) is { } ifMatch && ifMatch.Trim() != "*")
        {
            var tag = ifMatch.Trim();
            if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"'
                || !long.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                return Failure.Validation(
                    [new FieldError(IfMatchHeader, "If-Match must be one revision in quotes, as the ETag header gives it (e.g. \"3\").")]);
            }

            expected = revision;
        }

        return new BucketUpdate(call.RouteValue("bucketId"), changes.Value with { ExpectedRevision = expected });
    }
}
