using System.Text.Json;

namespace BucketFunctions.Deployment.Tests.Support;

/// <summary>The settings named by the sample file, the Bicep app settings, and the lists in infra/settings.json.</summary>
internal static class SettingsFiles
{
    public sealed record Listed(string Setting, string? Default, string Section);

    /// <summary>Keys of <c>Values</c> in local.settings.sample.json, in configuration form.</summary>
    public static IReadOnlyList<string> Sample()
    {
        using var json = Repo.Json(Repo.SampleSettings);
        return json.RootElement.GetProperty("Values").EnumerateObject().Select(p => Repo.ConfigurationName(p.Name)).ToList();
    }

    /// <summary>Keys of the <c>appSettings</c> object in infra/app/api.bicep, in configuration form.</summary>
    public static IReadOnlyList<string> Bicep() =>
        Support.Bicep.VariableObjectKeys(Repo.Text(Repo.ApiBicep), "appSettings").Select(Repo.ConfigurationName).ToList();

    /// <summary>The Bicep expression an app setting is given, as written.</summary>
    public static string BicepValue(string setting)
    {
        var api = Repo.Text(Repo.ApiBicep);
        var settings = Support.Bicep.ObjectAt(api, api.IndexOf("var appSettings", StringComparison.Ordinal));
        return Support.Bicep.TopLevelEntries(settings).Single(e => Same(Repo.ConfigurationName(e.Key), setting)).Value;
    }

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
