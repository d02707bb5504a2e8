using BucketFunctions.Api.Admin;
using BucketFunctions.Api.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>Operator routes; the Api pipeline checks the x-admin-key header.</summary>
public sealed class AdminFunctionsHttp(OrganizationAdminHandlers admin)
{
    [Function("CreateOrganization")]
    public Task<IResult> CreateOrganization([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Organizations)] HttpRequest request) =>
        admin.CreateOrganizationAsync(request);

    [Function("UpdateOrganization")]
    public Task<IResult> UpdateOrganization([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Organization)] HttpRequest request, string organizationId) =>
        admin.UpdateOrganizationAsync(request, organizationId);

    [Function("AddWorkspace")]
    public Task<IResult> AddWorkspace([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Workspaces)] HttpRequest request, string organizationId) =>
        admin.AddWorkspaceAsync(request, organizationId);

    [Function("IssueToken")]
    public Task<IResult> IssueToken([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Tokens)] HttpRequest request, string organizationId) =>
        admin.IssueTokenAsync(request, organizationId);

    [Function("RevokeToken")]
    public Task<IResult> RevokeToken([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Token)] HttpRequest request, string organizationId, string tokenId) =>
        admin.RevokeTokenAsync(request, organizationId, tokenId);
}
