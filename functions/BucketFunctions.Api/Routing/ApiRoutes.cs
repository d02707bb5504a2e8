namespace BucketFunctions.Api.Routing;

/// <summary>
/// The route table both hosts serve, with no prefix (host.json sets routePrefix to ""). The Functions app uses these
/// constants in its triggers; the local host maps the same table; a test keeps the two identical.
/// </summary>
public static class ApiRoutes
{
    public const string Buckets = "bucket";
    public const string Quota = "quota";
    public const string Organizations = "admin/organizations";
    public const string Organization = "admin/organizations/{organizationId}";
    public const string Workspaces = "admin/organizations/{organizationId}/workspaces";
    public const string Tokens = "admin/organizations/{organizationId}/tokens";
    public const string Token = "admin/organizations/{organizationId}/tokens/{tokenId}";

    /// <summary>Every route as (HTTP method, template).</summary>
    public static readonly IReadOnlyList<(string Method, string Template)> All =
    [
        ("POST", Buckets),
        ("GET", Quota),
        ("POST", Organizations),
        ("PUT", Organization),
        ("POST", Workspaces),
        ("POST", Tokens),
        ("DELETE", Token),
    ];
}
