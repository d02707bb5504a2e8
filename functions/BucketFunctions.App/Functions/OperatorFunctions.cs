using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>Operator routes under <c>/manage</c> (the host reserves <c>/admin</c>); the pipeline checks the x-admin-key header.</summary>
public sealed class OperatorFunctions(ApiPipeline api)
{
    [Function("CreateOrganization")]
    public Task<IResult> CreateOrganization(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Organizations)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.CreateOrganization, request);

    [Function("UpdateOrganization")]
    public Task<IResult> UpdateOrganization(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Organization)] HttpRequest request, string organizationId) =>
        api.RunAsync(ApiRoutes.UpdateOrganization, request, organizationId);

    [Function("AddWorkspace")]
    public Task<IResult> AddWorkspace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Workspaces)] HttpRequest request, string organizationId) =>
        api.RunAsync(ApiRoutes.AddWorkspace, request, organizationId);

    [Function("IssueToken")]
    public Task<IResult> IssueToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Tokens)] HttpRequest request, string organizationId) =>
        api.RunAsync(ApiRoutes.IssueToken, request, organizationId);

    [Function("RevokeToken")]
    public Task<IResult> RevokeToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Token)] HttpRequest request, string organizationId, string tokenId) =>
        api.RunAsync(ApiRoutes.RevokeToken, request, organizationId, tokenId);

    [Function("ReencryptCredentials")]
    public Task<IResult> ReencryptCredentials(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Reencrypt)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.ReencryptCredentials, request);
}
