using BucketFunctions.Api.Http;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api.Admin;

/// <summary>The operator routes under <c>/admin/organizations</c>: parse, call <see cref="OrganizationAdminService"/>, map.</summary>
public sealed class OrganizationAdminHandlers(ApiPipeline pipeline, OrganizationAdminService admin, IOptions<QuotaOptions> quota)
{
    public Task<IResult> CreateOrganizationAsync(HttpRequest request) =>
        WithBodyAsync(request, "CreateOrganization",
            fields => new CreateOrganizationInput(fields.String("organizationId"), fields.String("name"), fields.Int32("bucketLimit")),
            async (context, input) => context.Respond(await admin.CreateAsync(input, context.CancellationToken).ConfigureAwait(false), OrganizationBody));

    public Task<IResult> UpdateOrganizationAsync(HttpRequest request, string organizationId) =>
        WithBodyAsync(request, "UpdateOrganization",
            fields => new UpdateOrganizationInput(fields.String("name"), fields.Has("bucketLimit"), fields.Int32("bucketLimit")),
            async (context, input) => context.Respond(await admin.UpdateAsync(organizationId, input, context.CancellationToken).ConfigureAwait(false), OrganizationBody));

    public Task<IResult> AddWorkspaceAsync(HttpRequest request, string organizationId) =>
        WithBodyAsync(request, "AddWorkspace",
            fields => new AddWorkspaceInput(fields.String("workspaceId"), fields.String("name")),
            async (context, input) => context.Respond(
                await admin.AddWorkspaceAsync(organizationId, input, context.CancellationToken).ConfigureAwait(false),
                w => new { success = true, workspace = new { organizationId = w.OrganizationId, workspaceId = w.Id, name = w.Name, createdAt = w.CreatedAt } }));

    public Task<IResult> IssueTokenAsync(HttpRequest request, string organizationId) =>
        WithBodyAsync(request, "IssueToken",
            fields => new IssueTokenInput(fields.String("description"), fields.StringArray("workspaces"), fields.StringArray("capabilities"), fields.Timestamp("expiresAt")),
            async (context, input) => context.Respond(
                await admin.IssueTokenAsync(organizationId, input, context.CancellationToken).ConfigureAwait(false),
                issued => new
                {
                    success = true,
                    tokenId = issued.TokenId,
                    token = issued.Token,
                    organizationId = issued.Record.OrganizationId,
                    description = issued.Record.Description,
                    workspaces = issued.Record.Workspaces,
                    capabilities = CapabilityNames.ToNames(issued.Record.Capabilities),
                    expiresAt = issued.Record.ExpiresAt,
                    createdAt = issued.Record.CreatedAt,
                }));

    public Task<IResult> RevokeTokenAsync(HttpRequest request, string organizationId, string tokenId) =>
        pipeline.RunOperatorAsync(request, "RevokeToken", async context =>
            context.Respond(await admin.RevokeTokenAsync(organizationId, tokenId, context.CancellationToken).ConfigureAwait(false), _ => new { success = true }));

    private object OrganizationBody(Organization organization) =>
        new { success = true, organization = OrganizationResource.From(organization, quota.Value.DefaultBucketLimit) };

    private Task<IResult> WithBodyAsync<TInput>(HttpRequest request, string operation, Func<JsonFields, TInput> read, Func<RequestContext, TInput, Task<ApiResponse>> handle) =>
        pipeline.RunOperatorAsync(request, operation, async context =>
        {
            var input = await JsonBody.ReadAsync(request, read, context.CancellationToken).ConfigureAwait(false);
            return input.Succeeded ? await handle(context, input.Value).ConfigureAwait(false) : context.Fail(input.Failure!);
        });
}
