using System.Text.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace BucketFunctions.Local;

/// <summary>
/// Lets the local host read the same <c>local.settings.json</c> the Functions host reads: its <c>Values</c> become
/// settings (<c>Admin__Key</c> and <c>Admin:Key</c> alike), with the lowest precedence, so environment variables and
/// command-line arguments still override them.
/// </summary>
internal static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";

    /// <summary>Set to false (tests do) to ignore any local.settings.json on the machine.</summary>
    public const string EnabledSetting = "LocalSettings:Enabled";

    public static void AddLocalSettings(this ConfigurationManager configuration, string contentRoot)
    {
        if (!configuration.GetValue(EnabledSetting, defaultValue: true))
        {
            return;
        }

        var path = FindUpwards(contentRoot, FileName);
        if (path is null)
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var settings = values.EnumerateObject()
            .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()));
        ((IConfigurationBuilder)configuration).Sources.Insert(0, new MemoryConfigurationSource { InitialData = settings });
    }

    private static string? FindUpwards(string start, string fileName)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
