using BucketFunctions.Api.Admin;
using BucketFunctions.Api.Buckets;
using BucketFunctions.Api.Quota;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BucketFunctions.Api.Routing;

/// <summary>Maps <see cref="ApiRoutes"/> onto an ASP.NET Core host (the local host); the Functions app maps the same table with triggers.</summary>
public static class EndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapBucketFunctionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ApiRoutes.Buckets, (HttpRequest r, CreateBucketHandler h) => h.HandleAsync(r));
        routes.MapGet(ApiRoutes.Quota, (HttpRequest r, GetQuotaHandler h) => h.HandleAsync(r));
        routes.MapPost(ApiRoutes.Organizations, (HttpRequest r, OrganizationAdminHandlers h) => h.CreateOrganizationAsync(r));
        routes.MapPut(ApiRoutes.Organization, (HttpRequest r, string organizationId, OrganizationAdminHandlers h) => h.UpdateOrganizationAsync(r, organizationId));
        routes.MapPost(ApiRoutes.Workspaces, (HttpRequest r, string organizationId, OrganizationAdminHandlers h) => h.AddWorkspaceAsync(r, organizationId));
        routes.MapPost(ApiRoutes.Tokens, (HttpRequest r, string organizationId, OrganizationAdminHandlers h) => h.IssueTokenAsync(r, organizationId));
        routes.MapDelete(ApiRoutes.Token, (HttpRequest r, string organizationId, string tokenId, OrganizationAdminHandlers h) => h.RevokeTokenAsync(r, organizationId, tokenId));
        return routes;
    }
}
