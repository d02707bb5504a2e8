using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api.Admin;

/// <summary>
/// The operator routes under <c>/manage/organizations</c>: each calls <see cref="OrganizationAdminService"/> and names
/// its response.
/// </summary>
public sealed class OrganizationAdminHandlers(OrganizationAdminService admin, IOptions<QuotaOptions> quota)
{
    public async Task<Result<OrganizationResponse>> CreateOrganizationAsync(RequestContext context, Body<CreateOrganizationRequest> input)
    {
        var body = input.Value;
        var created = await admin.CreateAsync(
            new CreateOrganizationInput(body.OrganizationId, body.Name, body.BucketLimit, body.Plan), context.CancellationToken)
            .ConfigureAwait(false);
        return created.Map(Respond);
    }

    public async Task<Result<OrganizationResponse>> UpdateOrganizationAsync(
        RequestContext context, OrganizationBody<UpdateOrganizationRequest> input)
    {
        var body = input.Value;
        var updated = await admin.UpdateAsync(
            input.OrganizationId,
            new UpdateOrganizationInput(body.Name, body.SetsBucketLimit, body.BucketLimit, body.SetsPlan, body.Plan),
            context.CancellationToken).ConfigureAwait(false);
        return updated.Map(Respond);
    }

    public async Task<Result<WorkspaceResponse>> AddWorkspaceAsync(RequestContext context, OrganizationBody<AddWorkspaceRequest> input)
    {
        var added = await admin.AddWorkspaceAsync(
            input.OrganizationId, new AddWorkspaceInput(input.Value.WorkspaceId, input.Value.Name), context.CancellationToken).ConfigureAwait(false);
        return added.Map(w => new WorkspaceResponse(true, new WorkspaceResource(w.OrganizationId, w.Id, w.Name, w.CreatedAt)));
    }

    public async Task<Result<IssuedTokenResponse>> IssueTokenAsync(RequestContext context, OrganizationBody<IssueTokenRequest> input)
    {
        var body = input.Value;
        var issued = await admin.IssueTokenAsync(
            input.OrganizationId, new IssueTokenInput(body.Description, body.Workspaces, body.Capabilities, body.ExpiresAt), context.CancellationToken)
            .ConfigureAwait(false);
        return issued.Map(t => new IssuedTokenResponse(
            true, t.TokenId, t.Token, t.Record.OrganizationId, t.Record.Description, t.Record.Workspaces,
            CapabilityNames.ToNames(t.Record.Capabilities), t.Record.ExpiresAt, t.Record.CreatedAt));
    }

    public async Task<Result<SuccessResponse>> RevokeTokenAsync(RequestContext context, TokenRef input) =>
        (await admin.RevokeTokenAsync(input.OrganizationId, input.TokenId, context.CancellationToken).ConfigureAwait(false))
            .Map(_ => new SuccessResponse(true));

    private OrganizationResponse Respond(Organization organization) => new(true, OrganizationResource.From(organization, quota.Value));
}
