namespace BucketFunctions.Bench;

/// <summary>
/// The one place the benchmark names the operator routes' prefix. This branch serves them under <c>admin/</c>; once the
/// HTTP layer moves them to <c>manage/</c> (API.md), change <see cref="Prefix"/> or pass <c>--operator-prefix manage</c>.
/// </summary>
internal static class OperatorRoutes
{
    public const string Prefix = "admin";

    public static string Organizations(string prefix) => $"{prefix}/organizations";

    public static string Workspaces(string prefix, string organizationId) => $"{prefix}/organizations/{Uri.EscapeDataString(organizationId)}/workspaces";

    public static string Tokens(string prefix, string organizationId) => $"{prefix}/organizations/{Uri.EscapeDataString(organizationId)}/tokens";
}
