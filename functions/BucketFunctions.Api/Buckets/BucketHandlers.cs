using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Registration;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;

namespace BucketFunctions.Api.Buckets;

/// <summary>
/// The tenant bucket routes: each calls one Core service and names its response. A create or update hands its service the
/// completion of the request's Idempotency-Key, so the commit keeps the very answer the route gives.
/// </summary>
public sealed class BucketHandlers(
    BucketRegistrationService registrations,
    BucketAccess access,
    BucketUpdateService updates,
    BucketDeletionService deletions,
    BucketValidationService validations,
    StoredBucketAtProvider atProvider)
{
    public async Task<Result<CreateBucketResponse>> CreateAsync(RequestContext context, Caller caller, NewBucket input) =>
        (await registrations.RegisterAsync(
            caller, input.Value, context.Completion<Bucket, CreateBucketResponse>(Created), context.CancellationToken)
            .ConfigureAwait(false)).Map(Created);

    public async Task<Result<BucketListResponse>> ListAsync(RequestContext context, Caller caller, BucketListInput input) =>
        (await access.ListAsync(
                caller, input.WorkspaceId, input.WalletAddress, input.PageSize, input.ContinuationToken, context.CancellationToken)
            .ConfigureAwait(false))
            .Map(page => new BucketListResponse(true, page.Buckets.Select(BucketResource.From).ToList(), page.ContinuationToken));

    public async Task<Result<GetBucketResponse>> GetAsync(RequestContext context, Caller caller, BucketRead input) =>
        (await atProvider.FindAsync(caller, input.BucketId, input.Settings, context.CancellationToken).ConfigureAwait(false))
            .Map(found => new GetBucketResponse(true, BucketResource.From(found.Bucket),
                found.Settings is { } settings ? ProvisioningResource.From(settings) : null));

    public async Task<Result<UpdateBucketResponse>> UpdateAsync(RequestContext context, Caller caller, BucketUpdate input) =>
        (await updates.UpdateAsync(
            caller, input.BucketId, input.Input, context.Completion<UpdatedBucket, UpdateBucketResponse>(Updated),
            context.CancellationToken).ConfigureAwait(false)).Map(Updated);

    public async Task<Result<ValidationReportResponse>> ValidateNewAsync(
        RequestContext context, Caller caller, NewBucketValidation input) =>
        (await validations.ValidateNewAsync(caller, input.Body, input.Write, context.CancellationToken).ConfigureAwait(false))
            .Map(ValidationReportResponse.From);

    public async Task<Result<ValidationReportResponse>> ValidateStoredAsync(
        RequestContext context, Caller caller, StoredBucketValidation input) =>
        (await validations.ValidateStoredAsync(caller, input.BucketId, input.Changes, input.Write, context.CancellationToken)
            .ConfigureAwait(false))
            .Map(ValidationReportResponse.From);

    public async Task<Result<SuccessResponse>> DeleteAsync(RequestContext context, Caller caller, BucketDeletion input) =>
        (await deletions.DeleteAsync(caller, input.BucketId, input.DeleteAtProvider, context.CancellationToken).ConfigureAwait(false))
            .Map(_ => new SuccessResponse(true));

    // One rendering each for the answer and for the copy the commit keeps under an Idempotency-Key.
    private static CreateBucketResponse Created(Bucket bucket) => new(true, bucket.Id, BucketResource.From(bucket));

    private static UpdateBucketResponse Updated(UpdatedBucket done) => new(
        true, done.Bucket.Id, done.Bucket.Status.ToWireName(), (long?)done.CheckLatency?.TotalMilliseconds, BucketResource.From(done.Bucket));
}
