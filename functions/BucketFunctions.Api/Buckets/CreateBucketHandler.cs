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
            var body = await JsonBody.ReadObjectAsync(request, context.CancellationToken).ConfigureAwait(false);
            if (!body.Succeeded)
            {
                return context.Fail(body.Failure!);
            }

            var fields = body.Value;
            var secret = fields.String(RegistrationFields.Secret);
            var input = new BucketRegistrationInput
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
            if (fields.TypeFailure is { } malformed)
            {
                return context.Fail(malformed);
            }

            return await idempotency.RunAsync(request, context, caller.OrganizationId, fields.BodyHash, async () =>
            {
                var result = await registrations.RegisterAsync(caller, input, context.CancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    return context.Fail(result.Failure!);
                }

                var bucket = result.Value;
                return context.Ok(
                    new { success = true, bucketId = bucket.Id, bucket = BucketResource.From(bucket) },
                    new Dictionary<string, string> { ["ETag"] = $"\"{bucket.Revision}\"" });
            }).ConfigureAwait(false);
        });
}
