using System.Text.Json;

namespace BucketFunctions.Deployment.Tests.Support;

/// <summary>The repository's deployment files, read as text or JSON.</summary>
internal static class Repo
{
    public const string SampleSettings = "local.settings.sample.json";
    public const string HostJson = "host.json";
    public const string ApiBicep = "infra/app/api.bicep";
    public const string MainBicep = "infra/main.bicep";
    public const string MainParameters = "infra/main.parameters.json";
    public const string SettingsList = "infra/settings.json";
    public const string AzureYaml = "azure.yaml";
    public const string FunctionsApp = "functions/BucketFunctions.App";

    public static string PathOf(string relative) => Path.Combine(RepositoryRoot.Path, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static JsonDocument Json(string relative) =>
        JsonDocument.Parse(Text(relative), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });

    /// <summary>Source files under a folder, without build output.</summary>
    public static IEnumerable<string> Sources(string relativeFolder, string pattern) =>
        Directory.GetFiles(PathOf(relativeFolder), pattern, SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>A path relative to the repository, with forward slashes, for failure messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Setting names as .NET configuration reads them: <c>Admin__Key</c> is <c>Admin:Key</c>.</summary>
    public static string ConfigurationName(string settingName) => settingName.Replace("__", ":", StringComparison.Ordinal);
}
