using BucketFunctions.Api.Contracts;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Routing;

// The typed inputs of the provider-key routes (Flashback's /apikeys), each bound from the request in one place.

/// <summary><c>POST /apikeys</c>: the provider-key body.</summary>
public sealed record NewProviderKey(ProviderKeyInput Value) : IRouteInput<NewProviderKey>
{
    public static RequestBody? RequestBody => ProviderKeyBody.Create;

    public static Result<NewProviderKey> Bind(RouteCall call) => ProviderKeyBody.Read(call.Body).Map(body => new NewProviderKey(body));
}

/// <summary><c>GET /apikeys?workspaceId=&amp;provider=&amp;capability=</c>, as Flashback's <c>getApiKeys</c> sends them.</summary>
public sealed record ProviderKeyListInput(string? WorkspaceId, string? Provider, string? Capability) : IRouteInput<ProviderKeyListInput>
{
    public static IReadOnlyList<RouteParameter> Parameters =>
    [
        new(ProviderKeyFields.WorkspaceId, ParameterLocation.Query, "Only keys of this workspace. " + Paging.AbsentValues),
        new(ProviderKeyService.ProviderFilter, ParameterLocation.Query,
            "Only keys stored with this provider name (AWS and S3 are two names); a name no key can have matches none. "
            + Paging.AbsentValues),
        new(ProviderKeyService.CapabilityFilter, ParameterLocation.Query,
            "Flashback's ProviderCapability mask: a storage key matches one with the Storage bit (1). " + Paging.AbsentValues, "integer"),
    ];

    public static Result<ProviderKeyListInput> Bind(RouteCall call) => new ProviderKeyListInput(
        Paging.Optional(call.Query(ProviderKeyFields.WorkspaceId)),
        Paging.Optional(call.Query(ProviderKeyService.ProviderFilter)),
        Paging.Optional(call.Query(ProviderKeyService.CapabilityFilter)));
}

/// <summary><c>/apikeys/{apiKeyId}</c>.</summary>
public sealed record ProviderKeyRef(string ApiKeyId) : IRouteInput<ProviderKeyRef>
{
    public const string RouteValue = "apiKeyId";

    public static Result<ProviderKeyRef> Bind(RouteCall call) => new ProviderKeyRef(call.RouteValue(RouteValue));
}

/// <summary><c>PUT /apikeys/{apiKeyId}</c>: a partial provider-key body.</summary>
public sealed record ProviderKeyUpdate(string ApiKeyId, ProviderKeyChanges Changes) : IRouteInput<ProviderKeyUpdate>
{
    public static RequestBody? RequestBody => ProviderKeyBody.Update;

    public static Result<ProviderKeyUpdate> Bind(RouteCall call) =>
        ProviderKeyBody.ReadChanges(call.Body).Map(changes => new ProviderKeyUpdate(call.RouteValue(ProviderKeyRef.RouteValue), changes));
}
