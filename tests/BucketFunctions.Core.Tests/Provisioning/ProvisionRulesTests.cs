using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Provisioning;

public sealed class ProvisionRulesTests
{
    private static ProvisionInput Locked(long duration, string unit, string mode = "GOVERNANCE") => new()
    {
        FileLockEnabled = true,
        DefaultRetention = new RetentionInput { Mode = mode, Period = new RetentionPeriodInput { Duration = duration, Unit = unit } },
    };

    [Theory]
    [InlineData(1, "days", 1)]
    [InlineData(36500, "days", 36500)]
    [InlineData(100, "years", 36500)]
    [InlineData(1, "years", 365)]
    public void Retention_from_one_day_to_a_hundred_years_is_accepted(long duration, string unit, int days)
    {
        var result = ProvisionRules.Check(Locked(duration, unit), StorageType.S3);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(days, result.Value!.Retention!.Days);
        Assert.True(result.Value.Versioning);
    }

    [Theory]
    [InlineData(0, "days")]
    [InlineData(36501, "days")]
    [InlineData(101, "years")]
    [InlineData(-1, "years")]
    public void Retention_outside_one_day_to_a_hundred_years_names_the_duration(long duration, string unit)
    {
        var result = ProvisionRules.Check(Locked(duration, unit), StorageType.S3);

        Assert.Equal(["provision.defaultRetention.period.duration"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Every_broken_field_is_listed_at_once()
    {
        var input = Locked(0, "Days", "governance") with
        {
            BucketType = "private",
            CorsRules = [new CorsRuleInput { CorsRuleName = "b2-rule", AllowedOrigins = ["ftp://x.example"], AllowedOperations = ["s3_list"] }],
            LifecycleRules = [new LifecycleRuleInput { FileNamePrefix = "a", DaysFromUploadingToHiding = 0 }],
        };

        var result = ProvisionRules.Check(input, StorageType.S3);

        Assert.Equal(
            [
                "provision.bucketType", "provision.defaultRetention.mode", "provision.defaultRetention.period.unit",
                "provision.defaultRetention.period.duration", "provision.corsRules[0].corsRuleName",
                "provision.corsRules[0].allowedOrigins[0]", "provision.corsRules[0].allowedOperations[0]",
                "provision.lifecycleRules[0].daysFromUploadingToHiding",
            ],
            result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(FieldErrorKind.Invalid, e.Kind));
    }

    [Fact]
    public void Each_rule_of_a_list_is_judged_on_its_own_and_only_whole_rules_are_kept()
    {
        var input = new ProvisionInput
        {
            CorsRules =
            [
                null!,
                new CorsRuleInput { CorsRuleName = "browser", AllowedOrigins = ["*"], AllowedOperations = ["s3_get", "GET"] },
            ],
            LifecycleRules =
            [
                new LifecycleRuleInput { FileNamePrefix = "logs/" },
                new LifecycleRuleInput { FileNamePrefix = "tmp/", DaysFromHidingToDeleting = 1 },
            ],
        };

        var result = ProvisionRules.Check(input, StorageType.S3);

        Assert.Equal(["provision.corsRules[0]", "provision.lifecycleRules[0]"], result.Errors.Select(e => e.Field));
        Assert.Equal(
            ["A CORS rule must be an object.", "A lifecycle rule needs daysFromUploadingToHiding, daysFromHidingToDeleting or both."],
            result.Errors.Select(e => e.Message));
        var whole = input with { CorsRules = [input.CorsRules[1]], LifecycleRules = [input.LifecycleRules[1]] };
        var valid = ProvisionRules.Check(whole, StorageType.S3);
        Assert.Equal(["GET"], Assert.Single(valid.Value!.CorsRules).AllowedMethods);
        Assert.Equal("tmp/", Assert.Single(valid.Value.LifecycleRules).Prefix);
    }

    [Fact]
    public void More_than_a_hundred_rules_are_refused_as_a_list()
    {
        var input = new ProvisionInput
        {
            LifecycleRules = Enumerable.Range(0, ProvisionRules.MaxRules + 1)
                .Select(i => new LifecycleRuleInput { FileNamePrefix = $"p{i}/", DaysFromHidingToDeleting = 1 }).ToList(),
        };

        var result = ProvisionRules.Check(input, StorageType.S3);

        var error = Assert.Single(result.Errors, e => e.Field == "provision.lifecycleRules");
        Assert.Equal("At most 100 lifecycle rules may be given.", error.Message);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("https://app.example.com", true)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("https://*.example.com", true)]
    [InlineData("https://app.example.com/", true)]
    [InlineData("https://app.example.com/path", false)]
    [InlineData("https://user@app.example.com", false)]
    [InlineData("ftp://app.example.com", false)]
    [InlineData("app.example.com", false)]
    [InlineData("https://app.*.com", false)]
    [InlineData("https://app.example.com?x=1", false)]
    public void Cors_origins_are_star_or_a_scheme_and_host(string origin, bool valid)
    {
        var input = new ProvisionInput
        {
            CorsRules = [new CorsRuleInput { CorsRuleName = "browser", AllowedOrigins = [origin], AllowedOperations = ["GET"] }],
        };

        Assert.Equal(valid, ProvisionRules.Check(input, StorageType.S3).IsValid);
    }

    [Fact]
    public void At_most_a_hundred_cors_rules()
    {
        var rule = new CorsRuleInput { AllowedOrigins = ["*"], AllowedOperations = ["GET"] };
        var rules = Enumerable.Range(0, 101).Select(i => rule with { CorsRuleName = $"rule-{i:000}" }).ToList();

        Assert.Equal(["provision.corsRules"], ProvisionRules.Check(new ProvisionInput { CorsRules = rules }, StorageType.S3).Errors.Select(e => e.Field));
        Assert.True(ProvisionRules.Check(new ProvisionInput { CorsRules = rules[..100] }, StorageType.S3).IsValid);
    }

    [Fact]
    public void Bucket_info_is_held_to_the_limits_of_the_providers_tags_labels_or_metadata()
    {
        var fiftyOne = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", _ => "v");
        Assert.Equal(["provision.bucketInfo"],
            ProvisionRules.Check(new ProvisionInput { BucketInfo = fiftyOne }, StorageType.S3).Errors.Select(e => e.Field));
        Assert.True(ProvisionRules.Check(new ProvisionInput { BucketInfo = fiftyOne }, StorageType.Azure).IsValid);

        var labels = new Dictionary<string, string> { ["Team"] = "data", ["env"] = "Prod", ["ok"] = "fine" };
        Assert.Equal(["provision.bucketInfo.Team", "provision.bucketInfo.env"],
            ProvisionRules.Check(new ProvisionInput { BucketInfo = labels }, StorageType.Gcs).Errors.Select(e => e.Field));

        var large = new Dictionary<string, string> { ["a"] = new string('x', 5000), ["b"] = new string('y', 5000) };
        Assert.Equal(["provision.bucketInfo"],
            ProvisionRules.Check(new ProvisionInput { BucketInfo = large }, StorageType.Azure).Errors.Select(e => e.Field));
        Assert.Equal(["provision.bucketInfo.my-key"],
            ProvisionRules.Check(new ProvisionInput { BucketInfo = new Dictionary<string, string> { ["my-key"] = "v" } }, StorageType.Azure)
                .Errors.Select(e => e.Field));
    }

    [Fact]
    public void What_a_provider_cannot_hold_is_option_not_supported_with_the_reason()
    {
        var azure = ProvisionRules.Check(new ProvisionInput { Versioning = true, StorageClass = "Cool" }, StorageType.Azure);
        Assert.All(azure.Errors, e => Assert.Equal(FieldErrorKind.OptionNotSupported, e.Kind));
        Assert.Equal(["provision.versioning", "provision.storageClass"], azure.Errors.Select(e => e.Field));

        var s3 = ProvisionRules.Check(new ProvisionInput { StorageClass = "GLACIER" }, StorageType.S3);
        Assert.Contains("per object", Assert.Single(s3.Errors).Message, StringComparison.Ordinal);

        var gcs = ProvisionRules.Check(Locked(30, "days", "COMPLIANCE"), StorageType.Gcs);
        Assert.Equal(["provision.defaultRetention.mode"], gcs.Errors.Select(e => e.Field));
        Assert.True(ProvisionRules.Check(new ProvisionInput { StorageClass = "NEARLINE" }, StorageType.Gcs).IsValid);
        Assert.Equal(["provision.storageClass"],
            ProvisionRules.Check(new ProvisionInput { StorageClass = "nearline" }, StorageType.Gcs).Errors.Select(e => e.Field));
    }

    [Fact]
    public void An_empty_provision_object_makes_a_private_unversioned_bucket()
    {
        var settings = ProvisionRules.Check(new ProvisionInput(), StorageType.S3).Value!;

        Assert.False(settings.Public);
        Assert.False(settings.Versioning);
        Assert.False(settings.FileLock);
        Assert.Empty(settings.CorsRules);
    }
}
