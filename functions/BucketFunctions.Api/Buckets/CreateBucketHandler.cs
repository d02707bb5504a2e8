using BucketFunctions.Api.Http;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Registration;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Buckets;

/// <summary><c>POST /bucket</c>: Flashback's create-bucket body in, <c>{success, bucketId, bucket}</c> out.</summary>
public sealed class CreateBucketHandler(ApiPipeline pipeline, IdempotentRequests idempotency, BucketRegistrationService registrations)
{
    public Task<IResult> HandleAsync(HttpRequest request) =>
        pipeline.RunTenantAsync(request, "CreateBucket", Capability.WriteBuckets, async (context, caller) =>
        {
            var body = await JsonBody.ReadAsync(request, fields => (Input: ReadInput(fields), fields.BodyHash), context.CancellationToken).ConfigureAwait(false);
            if (!body.Succeeded)
            {
                return context.Fail(body.Failure!);
            }

            return await idempotency.RunAsync(request, context, caller.OrganizationId, body.Value.BodyHash, async () => context.Respond(
                await registrations.RegisterAsync(caller, body.Value.Input, context.CancellationToken).ConfigureAwait(false),
                bucket => new { success = true, bucketId = bucket.Id, bucket = BucketResource.From(bucket) },
                bucket => new Dictionary<string, string> { ["ETag"] = $"\"{bucket.Revision}\"" })).ConfigureAwait(false);
        });

    private static BucketRegistrationInput ReadInput(JsonFields fields)
    {
        var secret = fields.String(RegistrationFields.Secret);
        return new BucketRegistrationInput
        {
            Name = fields.String(RegistrationFields.Name),
            Bucket = fields.String(RegistrationFields.Bucket),
            StorageType = fields.String(RegistrationFields.StorageType),
            Key = fields.String(RegistrationFields.Key),
            Secret = secret is null ? null : new SecretString(secret),
            Region = fields.String(RegistrationFields.Region),
            Endpoint = fields.String(RegistrationFields.Endpoint),
            WorkspaceId = fields.String(RegistrationFields.WorkspaceId),
        };
    }
}
