using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Admin;

/// <summary>The operator's credential routes under <c>/manage/credentials</c>.</summary>
public sealed class CredentialAdminHandlers(CredentialReencryptionService reencryption)
{
    public async Task<Result<ReencryptionResponse>> ReencryptAsync(RequestContext context, ReencryptionInput input) =>
        (await reencryption.ReencryptAsync(input.ContinuationToken, input.PageSize, context.CancellationToken).ConfigureAwait(false))
            .Map(r => new ReencryptionResponse(true, r.Examined, r.Reencrypted, r.AlreadyCurrent, r.Failed, r.ContinuationToken));
}
