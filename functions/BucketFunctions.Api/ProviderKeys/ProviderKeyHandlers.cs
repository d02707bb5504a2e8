using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;

namespace BucketFunctions.Api.ProviderKeys;

/// <summary>The provider-key routes (Flashback's <c>/apikeys</c>): each calls one Core service method and names its response.</summary>
public sealed class ProviderKeyHandlers(ProviderKeyService keys)
{
    public async Task<Result<CreateProviderKeyResponse>> CreateAsync(RequestContext context, Caller caller, NewProviderKey input) =>
        (await keys.CreateAsync(caller, input.Value, context.CancellationToken).ConfigureAwait(false))
            .Map(key => new CreateProviderKeyResponse(true, key.Id, ProviderKeyResource.From(key)));

    public async Task<Result<ProviderKeyListResponse>> ListAsync(RequestContext context, Caller caller, ProviderKeyListInput input) =>
        (await keys.ListAsync(caller, input.WorkspaceId, input.Provider, input.Capability, context.CancellationToken).ConfigureAwait(false))
            .Map(list => new ProviderKeyListResponse(true, list.Select(ProviderKeyResource.From).ToList()));

    public async Task<Result<UpdateProviderKeyResponse>> UpdateAsync(RequestContext context, Caller caller, ProviderKeyUpdate input) =>
        (await keys.UpdateAsync(caller, input.ApiKeyId, input.Changes, context.CancellationToken).ConfigureAwait(false))
            .Map(change => new UpdateProviderKeyResponse(true, ProviderKeyResource.From(change.Key), change.BucketsProven));

    public async Task<Result<SuccessResponse>> DeleteAsync(RequestContext context, Caller caller, ProviderKeyRef input) =>
        (await keys.DeleteAsync(caller, input.ApiKeyId, context.CancellationToken).ConfigureAwait(false))
            .Map(_ => new SuccessResponse(true));
}
