using System.Text.RegularExpressions;
using BucketFunctions.Deployment.Tests.Support;

namespace BucketFunctions.Deployment.Tests;

/// <summary>
/// Reads that bypass an options class — <c>configuration["X"]</c>, <c>GetValue</c>, <c>GetSection</c>,
/// <c>GetConnectionString</c> — found in the product's source. A section read must be an options class the catalog
/// knows; any other key must have a placeholder in the sample file or be listed under 'notInSampleFile' with a reason.
/// </summary>
public sealed partial class DirectReadsTests
{
    private static readonly IReadOnlyList<(string File, string Argument)> Reads = Repo.Sources("functions", "*.cs")
        .SelectMany(path => ConfigurationRead().Matches(File.ReadAllText(path))
            .Select(m => (Repo.Relative(path), m.Groups["arg"].Value.Trim())))
        .ToList();

    private static readonly Dictionary<string, string> Constants = Repo.Sources("functions", "*.cs")
        .SelectMany(path => ConstString().Matches(File.ReadAllText(path)))
        .GroupBy(m => m.Groups["name"].Value)
        .ToDictionary(g => g.Key, g => g.First().Groups["value"].Value);

    [Fact]
    public void Every_options_class_is_bound_by_a_section_read_the_scan_sees()
    {
        // Also proves the scan is not blind: each class the catalog found must show up as a GetSection(X.SectionName).
        var boundTypes = Reads.Where(r => r.Argument.EndsWith("." + SettingCatalog.SectionNameField, StringComparison.Ordinal))
            .Select(r => r.Argument[..r.Argument.LastIndexOf('.')]).ToHashSet();
        var unbound = SettingCatalog.OptionsTypes.Where(t => !boundTypes.Contains(t.Name)).Select(t => t.FullName).ToList();

        Assert.True(unbound.Count == 0,
            $"Options classes with a SectionName that no configuration.GetSection(...) binds: {string.Join(", ", unbound)}");
    }

    [Fact]
    public void Every_direct_read_is_a_known_section_or_a_listed_setting()
    {
        var sections = SettingCatalog.OptionsTypes.ToDictionary(t => t.Name, SettingCatalog.SectionOf);
        var sample = SettingsFiles.Sample();
        var exempt = SettingsFiles.List("notInSampleFile").Select(l => l.Setting).ToList();
        var problems = new List<string>();
        foreach (var (file, argument) in Reads)
        {
            if (argument.EndsWith("." + SettingCatalog.SectionNameField, StringComparison.Ordinal))
            {
                var type = argument[..argument.LastIndexOf('.')];
                if (!sections.ContainsKey(type))
                {
                    problems.Add($"{file} binds {argument}, but {type} is not found among the product's options classes.");
                }

                continue;
            }

            var key = Resolve(argument);
            if (key is null)
            {
                problems.Add($"{file} reads configuration[{argument}], whose key this test cannot resolve: "
                    + "use a string literal or a const string.");
            }
            else if (!sample.Any(s => SettingsFiles.Same(s, key)) && !exempt.Any(e => SettingsFiles.Same(e, key)))
            {
                problems.Add($"{file} reads '{key}' directly: add \"{key.Replace(":", "__", StringComparison.Ordinal)}\" to {Repo.SampleSettings}, "
                    + $"or list it under 'notInSampleFile' in {Repo.SettingsList} with the reason.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(Reads, r => Resolve(r.Argument) == "LocalSettings:Enabled");
    }

    private static string? Resolve(string argument)
    {
        if (argument.Length >= 2 && argument[0] == '"' && argument[^1] == '"')
        {
            return argument[1..^1];
        }

        var name = argument[(argument.LastIndexOf('.') + 1)..];
        return Constants.TryGetValue(name, out var value) ? value : null;
    }

    // configuration[...], configuration.GetValue(<T>)(key, ...), .GetSection(key), .GetConnectionString(key) on a receiver
    // named configuration/Configuration/config.
    [GeneratedRegex(
        @"\b(?:configuration|Configuration|config)\s*"
        + @"(?:\[\s*(?<arg>[^\]]+?)\s*\]|\.(?:GetValue(?:<[^>]+>)?|GetSection|GetRequiredSection|GetConnectionString)\(\s*(?<arg>[^,\)]+))")]
    private static partial Regex ConfigurationRead();

    [GeneratedRegex(@"const\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex ConstString();
}
