namespace BucketFunctions.Bench;

/// <summary>
/// The one place the benchmark names the operator routes' prefix (API.md: <c>/manage</c>); <c>--operator-prefix admin</c>
/// measures a build from before the move.
/// </summary>
internal static class OperatorRoutes
{
    public const string Prefix = "manage";

    public static string Organizations(string prefix) => $"{prefix}/organizations";

    public static string Workspaces(string prefix, string organizationId) => $"{prefix}/organizations/{Uri.EscapeDataString(organizationId)}/workspaces";

    public static string Tokens(string prefix, string organizationId) => $"{prefix}/organizations/{Uri.EscapeDataString(organizationId)}/tokens";
}
