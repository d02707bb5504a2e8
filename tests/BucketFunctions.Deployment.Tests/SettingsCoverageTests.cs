using BucketFunctions.Deployment.Tests.Support;

namespace BucketFunctions.Deployment.Tests;

/// <summary>
/// Every setting the code reads has a placeholder in local.settings.sample.json and is either set by the Bicep app
/// settings or listed in infra/settings.json as optional with its real default; and nothing in the sample or the Bicep
/// settings goes unread. The code's settings are found by reflection (<see cref="SettingCatalog"/>).
/// </summary>
public sealed class SettingsCoverageTests
{
    private static readonly IReadOnlyList<string> Sample = SettingsFiles.Sample();
    private static readonly IReadOnlyList<string> Deployed = SettingsFiles.Deployed();
    private static readonly IReadOnlyList<SettingsFiles.Listed> Optional = SettingsFiles.List("optional");
    private static readonly IReadOnlyList<SettingsFiles.Listed> Platform = SettingsFiles.List("platform");
    private static readonly IReadOnlyList<SettingsFiles.Listed> AwaitingCode = SettingsFiles.List("awaitingCode");

    [Fact]
    public void The_catalog_finds_the_options_classes_and_their_nested_settings()
    {
        // Guards the reflection itself: were it to find nothing, every other check here would pass vacuously.
        var sections = SettingCatalog.OptionsTypes.Select(SettingCatalog.SectionOf).ToList();
        Assert.Superset(new HashSet<string>(["Admin", "Storage", "Vault", "Quota", "Endpoints", "Idempotency"]), sections.ToHashSet());
        Assert.Contains(SettingCatalog.All, s => s.Path == "Vault:Envelope:Keys:{id}");
        Assert.Contains(SettingCatalog.All, s => s.Path == "Idempotency:Retention" && s.Default == "1.00:00:00");
    }

    [Fact]
    public void Every_setting_the_code_binds_has_a_placeholder_in_the_sample()
    {
        var missing = SettingCatalog.All.Where(s => !SettingsFiles.Contains(Sample, s))
            .Select(s => $"'{s.Path}' ({s.DeclaredBy}) is read by the code but has no placeholder in {Repo.SampleSettings}: "
                + $"add \"{s.FileName}\" to its Values.")
            .ToList();

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_setting_the_code_binds_is_set_by_bicep_or_listed_as_optional_with_its_real_default()
    {
        var problems = new List<string>();
        foreach (var setting in SettingCatalog.All)
        {
            var deployed = SettingsFiles.Contains(Deployed, setting);
            var optional = Optional.SingleOrDefault(o => SettingsFiles.Same(o.Setting, setting.Path));
            if (!deployed && optional is null)
            {
                problems.Add($"'{setting.Path}' ({setting.DeclaredBy}) is neither set in {Repo.ApiBicep} (appSettings: {setting.FileName}) "
                    + $"nor listed under 'optional' in {Repo.SettingsList} (with \"default\": {Quote(setting.Default)}).");
            }
            else if (deployed && optional is not null)
            {
                problems.Add($"'{setting.Path}' is set in {Repo.ApiBicep} and also listed as optional in {Repo.SettingsList}: keep one.");
            }
            else if (optional is not null && optional.Default != setting.Default)
            {
                problems.Add($"'{setting.Path}' is listed in {Repo.SettingsList} with default {Quote(optional.Default)}, "
                    + $"but {setting.DeclaredBy} defaults to {Quote(setting.Default)}: correct the list.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void No_setting_in_the_sample_or_the_bicep_app_settings_goes_unread()
    {
        var notInSample = SettingsFiles.List("notInSampleFile");
        var known = Platform.Concat(AwaitingCode).Concat(notInSample).Select(l => l.Setting).ToList();
        var unread = Sample.Select(name => (name, file: Repo.SampleSettings)).Concat(Deployed.Select(name => (name, file: Repo.ApiBicep)))
            .Where(x => !SettingCatalog.All.Any(s => s.Matches(x.name)) && !known.Any(k => SettingsFiles.Same(k, x.name)))
            .Select(x => $"'{x.name}' in {x.file} is read by no code: remove it, or, if the Functions host or an SDK reads it, "
                + $"list it under 'platform' in {Repo.SettingsList}.")
            .ToList();

        Assert.True(unread.Count == 0, string.Join(Environment.NewLine, unread));
    }

    [Fact]
    public void The_lists_in_infra_settings_hold_no_stale_entry()
    {
        var problems = new List<string>();
        problems.AddRange(Optional.Where(o => !SettingCatalog.All.Any(s => SettingsFiles.Same(s.Path, o.Setting)))
            .Select(o => $"'{o.Setting}' is listed as optional in {Repo.SettingsList} but no options class declares it: remove it."));
        problems.AddRange(AwaitingCode.Where(a => SettingCatalog.All.Any(s => s.Matches(a.Setting)))
            .Select(a => $"'{a.Setting}' is now read by the code: remove it from 'awaitingCode' in {Repo.SettingsList} "
                + $"(and add its placeholder to {Repo.SampleSettings})."));
        problems.AddRange(Platform.Where(p => !Sample.Concat(Deployed).Any(n => SettingsFiles.Same(n, p.Setting)))
            .Select(p => $"'{p.Setting}' is listed under 'platform' in {Repo.SettingsList} but neither {Repo.SampleSettings} "
                + $"nor {Repo.ApiBicep} sets it: remove it."));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Azure_never_relaxes_the_endpoint_guard_nor_stores_credentials_under_the_published_sample_key()
    {
        Assert.DoesNotContain(Deployed, n => SettingsFiles.Same(n, "Endpoints:AllowLoopbackHttp"));
        Assert.DoesNotContain(Deployed, n => n.StartsWith("Vault:Envelope:Keys", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Deployed, n => SettingsFiles.Same(n, "Storage:ConnectionString"));
        Assert.Equal("'KeyVault'", SettingsFiles.DeployedValue("Vault:Mode"));
    }

    private static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";
}
