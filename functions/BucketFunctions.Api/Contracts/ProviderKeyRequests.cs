using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Results;
using F = BucketFunctions.Core.ProviderKeys.ProviderKeyFields;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// The provider-key body, declared once as Core's ProviderKeyInput, and read once, here. Each route names it in the
/// OpenAPI document its own way and says which of its fields it requires.
/// </summary>
public static class ProviderKeyBody
{
    /// <summary><c>POST /apikeys</c>: Flashback's <c>CreateProviderApiKeyRequest</c>.</summary>
    public static readonly RequestBody Create = new("CreateProviderKeyRequest", typeof(ProviderKeyInput), F.RequiredOnCreate);

    /// <summary>
    /// <c>PUT /apikeys/{apiKeyId}</c>: Flashback's <c>UpdateProviderApiKeyRequest</c>, every field optional; a field left out
    /// keeps its value, and <c>endpoint</c>, <c>region</c> or <c>description</c> sent as null is removed.
    /// </summary>
    public static readonly RequestBody Update = new("UpdateProviderKeyRequest", typeof(ProviderKeyInput), []);

    /// <summary>Reads the provider-key body (<see cref="ProviderKeyInput"/>) from a request's JSON fields.</summary>
    public static Result<ProviderKeyInput> Read(JsonFields body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.Read(f => new ProviderKeyInput
        {
            Key = f.String(F.Key),
            Secret = f.Secret(F.Secret),
            Endpoint = f.String(F.Endpoint),
            Region = f.String(F.Region),
            Provider = f.String(F.Provider),
            Description = f.String(F.Description),
            WorkspaceId = f.String(F.WorkspaceId),
        });
    }

    /// <summary>The body as a change: its fields, and those it sent as JSON null.</summary>
    public static Result<ProviderKeyChanges> ReadChanges(JsonFields body) =>
        Read(body).Map(changes => new ProviderKeyChanges(changes, F.All.Where(body.IsNull).ToHashSet(StringComparer.Ordinal)));
}
