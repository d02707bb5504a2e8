using System.Text.Json;

namespace BucketFunctions.Deployment.Tests.Support;

/// <summary>The settings named by the sample file, the deployment's app settings, and the lists in infra/settings.json.</summary>
internal static class SettingsFiles
{
    public sealed record Listed(string Setting, string? Default, string Section);

    /// <summary>Keys of <c>Values</c> in local.settings.sample.json, in configuration form.</summary>
    public static IReadOnlyList<string> Sample()
    {
        using var json = Repo.Json(Repo.SampleSettings);
        return json.RootElement.GetProperty("Values").EnumerateObject().Select(p => Repo.ConfigurationName(p.Name)).ToList();
    }

    /// <summary>The app settings the compiled deployment sets, in configuration form.</summary>
    public static IReadOnlyList<string> Deployed() => ArmTemplate.Main.AppSettings().Select(s => Repo.ConfigurationName(s.Key)).ToList();

    /// <summary>The value the deployment gives a setting, as an expression over main's parameters.</summary>
    public static string DeployedValue(string setting) =>
        ArmTemplate.Main.AppSettings().Single(s => Same(Repo.ConfigurationName(s.Key), setting)).Value;

    public static IReadOnlyList<Listed> List(string section)
    {
        using var json = Repo.Json(Repo.SettingsList);
        return json.RootElement.GetProperty(section).EnumerateArray()
            .Select(e => new Listed(
                e.GetProperty("setting").GetString()!,
                e.TryGetProperty("default", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                section))
            .ToList();
    }

    public static bool Contains(IEnumerable<string> names, BoundSetting setting) => names.Any(setting.Matches);

    public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
