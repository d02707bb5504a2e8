using System.Text.Json.Nodes;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Infrastructure.Probing.Gcs;
using BucketFunctions.Infrastructure.Provisioning;
using BucketFunctions.Infrastructure.Tests.Probing;
using BucketFunctions.Testing.Gcs;
using Microsoft.Extensions.Logging.Abstractions;

namespace BucketFunctions.Infrastructure.Tests.Provisioning;

/// <summary>
/// GCS provisioning through the real Google.Cloud.Storage.V1 client against the GCS JSON API stand-in (FakeGcs, which
/// verifies the service account's signed JWT): one buckets.insert with every setting, read back at the provider side.
/// </summary>
public sealed class GcsProvisionerTests : IAsyncLifetime
{
    private readonly ProviderHttp http = new(new EndpointGuard(ProbeHarness.Options(), resolve: null, connect: null));
    private FakeGcs fake = null!;
    private GcsBucketProvisioner provisioner = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeGcs.StartAsync(FakeGcs.ServiceAccount.Create(), new Dictionary<string, string[]> { ["taken-bucket"] = [] });
        provisioner = new GcsBucketProvisioner(new GcsServiceAccountCheck(http), new ProvisionSteps(http, NullLogger<ProvisionSteps>.Instance));
    }

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task One_insert_carries_every_setting_and_reads_back_the_same()
    {
        var input = (JsonNode.Parse("""
            {
              "fileLockEnabled": true, "defaultRetention": { "mode": "GOVERNANCE", "period": { "duration": 30, "unit": "days" } },
              "storageClass": "NEARLINE",
              "corsRules": [{ "corsRuleName": "browser", "allowedOrigins": ["https://app.example.com"], "allowedOperations": ["s3_get"],
                              "exposeHeaders": ["ETag"], "maxAgeSeconds": 60 }],
              "lifecycleRules": [{ "fileNamePrefix": "logs/", "daysFromUploadingToHiding": 10, "daysFromHidingToDeleting": 3 }],
              "defaultServerSideEncryption": { "mode": "SSE-KMS", "kmsKeyName": "projects/p/locations/eu/keyRings/r/cryptoKeys/k" },
              "bucketInfo": { "team": "data" }
            }
            """)!).Deserialize<ProvisionInput>();

        var result = await provisioner.CreateAsync(Request("new-bucket", Settings(input)), CancellationToken.None);

        Assert.True(result.Outcome == ProvisionOutcome.Created, result.Message);
        var sent = fake.Inserted["new-bucket"];
        Assert.Equal("demo-project", Assert.Single(fake.Projects));
        Assert.Equal("EUROPE-WEST1", (string?)sent["location"]);
        Assert.Equal("NEARLINE", (string?)sent["storageClass"]);
        Assert.Equal((30 * 86400L).ToString(System.Globalization.CultureInfo.InvariantCulture), sent["retentionPolicy"]!["retentionPeriod"]!.ToJsonString().Trim('"'));
        Assert.Null(sent["versioning"]);  // GCS refuses versioning beside a retention policy
        Assert.True((bool)sent["iamConfiguration"]!["uniformBucketLevelAccess"]!["enabled"]!);
        Assert.Equal("enforced", (string?)sent["iamConfiguration"]!["publicAccessPrevention"]);

        var read = await provisioner.ReadAsync(Request("new-bucket", new ProvisionSettings()), CancellationToken.None);
        Assert.Equal(ProvisionOutcome.Read, read.Outcome);
        var settings = read.Settings!;
        Assert.False(settings.Public);
        Assert.True(settings.FileLock);
        Assert.Equal(30, settings.Retention!.Days);
        Assert.Equal("NEARLINE", settings.StorageClass);
        var cors = Assert.Single(settings.CorsRules);
        Assert.Equal(["https://app.example.com"], cors.AllowedOrigins);
        Assert.Equal(["GET"], cors.AllowedMethods);
        Assert.Equal(60, cors.MaxAgeSeconds);
        Assert.Equal(new Core.Provisioning.LifecycleRule("logs/", 10, 3), Assert.Single(settings.LifecycleRules));
        Assert.Equal("projects/p/locations/eu/keyRings/r/cryptoKeys/k", settings.Encryption!.KmsKeyName);
        Assert.Equal("data", settings.BucketInfo["team"]);
    }

    [Fact]
    public async Task A_public_bucket_gets_an_all_users_object_viewer_binding()
    {
        var result = await provisioner.CreateAsync(
            Request("public-bucket", Settings(new ProvisionInput { BucketType = "allPublic", Versioning = true })), CancellationToken.None);

        Assert.Equal(ProvisionOutcome.Created, result.Outcome);
        Assert.Equal("inherited", (string?)fake.Inserted["public-bucket"]["iamConfiguration"]!["publicAccessPrevention"]);
        Assert.True((bool)fake.Inserted["public-bucket"]["versioning"]!["enabled"]!);
        var binding = Assert.Single(fake.Policies["public-bucket"]["bindings"]!.AsArray());
        Assert.Equal(GcsBucketProvisioner.PublicRole, (string?)binding!["role"]);
        Assert.Equal([GcsBucketProvisioner.AllUsers], binding["members"]!.AsArray().Select(m => (string)m!));
        Assert.True((await provisioner.ReadAsync(Request("public-bucket", new ProvisionSettings()), CancellationToken.None)).Settings!.Public);
    }

    [Fact]
    public async Task A_binding_the_provider_refuses_deletes_the_bucket_again()
    {
        fake.Fail("setIamPolicy", 412, "conditionNotMet");

        var result = await provisioner.CreateAsync(
            Request("rolled-back", Settings(new ProvisionInput { BucketType = "allPublic" })), CancellationToken.None);

        Assert.Equal(ProvisionOutcome.SettingRefused, result.Outcome);
        Assert.Equal("provision.bucketType", result.Setting);
        Assert.Contains("conditionNotMet", result.Message, StringComparison.Ordinal);
        Assert.False(fake.Buckets.ContainsKey("rolled-back"));
        Assert.Contains("delete", fake.Calls);
    }

    [Fact]
    public async Task An_existing_bucket_is_left_untouched()
    {
        var result = await provisioner.CreateAsync(Request("taken-bucket", Settings(new ProvisionInput())), CancellationToken.None);

        Assert.Equal(ProvisionOutcome.AlreadyExists, result.Outcome);
        Assert.True(fake.Buckets.ContainsKey("taken-bucket"));
        Assert.DoesNotContain("delete", fake.Calls);
    }

    [Fact]
    public async Task The_project_field_overrides_the_key_files_project()
    {
        await provisioner.CreateAsync(Request("other-project", Settings(new ProvisionInput { Project = "another-project" })), CancellationToken.None);

        Assert.Equal("another-project", Assert.Single(fake.Projects));
    }

    [Fact]
    public async Task Hmac_keys_are_refused_before_any_call()
    {
        var request = new ProvisionRequest(StorageType.Gcs, "hmac-bucket", null, fake.Endpoint,
            new StorageCredential("GOOG1EXAMPLE", new SecretString("hmac-secret")), new ProvisionSettings());

        var result = await provisioner.CreateAsync(request, CancellationToken.None);

        Assert.Equal(ProvisionOutcome.OptionNotSupported, result.Outcome);
        Assert.Contains("service-account key", result.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
        Assert.Equal(0, fake.TokenRequests);
    }

    [Fact]
    public async Task Delete_removes_the_bucket()
    {
        await provisioner.CreateAsync(Request("short-lived", Settings(new ProvisionInput())), CancellationToken.None);

        var result = await provisioner.DeleteAsync(Request("short-lived", new ProvisionSettings()), CancellationToken.None);

        Assert.Equal(ProvisionOutcome.Deleted, result.Outcome);
        Assert.False(fake.Buckets.ContainsKey("short-lived"));
    }

    [Fact]
    public async Task One_patch_changes_cors_lifecycle_versioning_and_visibility_and_reads_back()
    {
        await CreateAsync("changed", """
            { "corsRules": [{ "corsRuleName": "old-rule", "allowedOrigins": ["https://old.example.com"], "allowedOperations": ["s3_get"] }],
              "lifecycleRules": [{ "fileNamePrefix": "logs/", "daysFromUploadingToHiding": 10 }] }
            """);

        var result = await provisioner.UpdateAsync(Request("changed", new ProvisionSettings()), Change("""
            { "versioning": true, "bucketType": "allPublic", "lifecycleRules": [],
              "corsRules": [{ "corsRuleName": "new-rule", "allowedOrigins": ["https://new.example.com"], "allowedOperations": ["s3_put"] }] }
            """), CancellationToken.None);

        Assert.True(result.Outcome == ProvisionOutcome.Updated, result.Message);
        Assert.Equal(["patch", "getIamPolicy", "setIamPolicy"], Since("insert"));
        var stored = fake.Inserted["changed"];
        Assert.True((bool)stored["versioning"]!["enabled"]!);
        Assert.Equal("inherited", (string?)stored["iamConfiguration"]!["publicAccessPrevention"]);
        Assert.True((bool)stored["iamConfiguration"]!["uniformBucketLevelAccess"]!["enabled"]!);
        Assert.Empty(stored["lifecycle"]!["rule"]!.AsArray());
        var read = (await provisioner.ReadAsync(Request("changed", new ProvisionSettings()), CancellationToken.None)).Settings!;
        Assert.True(read.Versioning);
        Assert.True(read.Public);
        Assert.Empty(read.LifecycleRules);
        var cors = Assert.Single(read.CorsRules);
        Assert.Equal(["https://new.example.com"], cors.AllowedOrigins);
        Assert.Equal(["PUT"], cors.AllowedMethods);
    }

    [Fact]
    public async Task Making_a_public_bucket_private_removes_the_binding_and_enforces_prevention()
    {
        await CreateAsync("was-public", """{ "bucketType": "allPublic" }""");
        fake.Policies["was-public"]["bindings"]!.AsArray().Add(new JsonObject
        {
            ["role"] = GcsBucketProvisioner.PublicRole, ["members"] = new JsonArray("allUsers", "user:reader@example.com"),
        });

        var result = await provisioner.UpdateAsync(
            Request("was-public", new ProvisionSettings()), Change("""{ "bucketType": "allPrivate" }"""), CancellationToken.None);

        Assert.True(result.Outcome == ProvisionOutcome.Updated, result.Message);
        Assert.Equal("enforced", (string?)fake.Inserted["was-public"]["iamConfiguration"]!["publicAccessPrevention"]);
        var kept = Assert.Single(fake.Policies["was-public"]["bindings"]!.AsArray());
        Assert.Equal(["user:reader@example.com"], kept!["members"]!.AsArray().Select(m => (string)m!));
        Assert.False((await provisioner.ReadAsync(Request("was-public", new ProvisionSettings()), CancellationToken.None)).Settings!.Public);
    }

    [Fact]
    public async Task An_unlocked_retention_policy_gets_the_new_period()
    {
        await CreateAsync("retained", WithRetention(days: 30));

        var result = await provisioner.UpdateAsync(Request("retained", new ProvisionSettings()),
            Change("""{ "defaultRetention": { "mode": "GOVERNANCE", "period": { "duration": 2, "unit": "years" } } }"""),
            CancellationToken.None);

        Assert.True(result.Outcome == ProvisionOutcome.Updated, result.Message);
        Assert.Equal(2 * 365 * 86400L, long.Parse(fake.Inserted["retained"]["retentionPolicy"]!["retentionPeriod"]!.ToString(),
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(730, (await provisioner.ReadAsync(Request("retained", new ProvisionSettings()), CancellationToken.None))
            .Settings!.Retention!.Days);
    }

    [Fact]
    public async Task A_locked_retention_policy_is_refused_and_nothing_changes()
    {
        await CreateAsync("locked", WithRetention(days: 30));
        fake.Inserted["locked"]["retentionPolicy"]!["isLocked"] = true;
        var before = fake.Inserted["locked"].ToJsonString();

        var result = await provisioner.UpdateAsync(Request("locked", new ProvisionSettings()), Change("""
            { "defaultRetention": { "mode": "GOVERNANCE", "period": { "duration": 60, "unit": "days" } }, "bucketType": "allPublic",
              "corsRules": [{ "corsRuleName": "web-app", "allowedOrigins": ["https://a.example.com"], "allowedOperations": ["s3_get"] }] }
            """), CancellationToken.None);

        Assert.Equal(ProvisionOutcome.OptionNotSupported, result.Outcome);
        Assert.Equal("provision.defaultRetention", result.Setting);
        Assert.Equal(before, fake.Inserted["locked"].ToJsonString());
        Assert.DoesNotContain("patch", fake.Calls);
        Assert.DoesNotContain("setIamPolicy", fake.Calls);
    }

    [Fact]
    public async Task Versioning_beside_a_retention_policy_is_refused_and_nothing_changes()
    {
        await CreateAsync("locked-no-versions", WithRetention(days: 30));
        var before = fake.Inserted["locked-no-versions"].ToJsonString();

        var result = await provisioner.UpdateAsync(Request("locked-no-versions", new ProvisionSettings()),
            Change("""{ "versioning": true, "lifecycleRules": [] }"""), CancellationToken.None);

        Assert.Equal(ProvisionOutcome.OptionNotSupported, result.Outcome);
        Assert.Equal("provision.versioning", result.Setting);
        Assert.Equal(before, fake.Inserted["locked-no-versions"].ToJsonString());
        Assert.DoesNotContain("patch", fake.Calls);

        // Only versioning is refused there: the same bucket takes another change.
        var other = await provisioner.UpdateAsync(Request("locked-no-versions", new ProvisionSettings()),
            Change("""{ "lifecycleRules": [] }"""), CancellationToken.None);

        Assert.True(other.Outcome == ProvisionOutcome.Updated, other.Message);
        Assert.Contains("patch", fake.Calls);
        Assert.Null(fake.Inserted["locked-no-versions"]["versioning"]);
    }

    [Fact]
    public async Task A_patch_the_provider_refuses_names_the_provision_object_and_sets_no_binding()
    {
        await CreateAsync("refused-patch", "{}");
        fake.Fail("patch", 400, "invalid");

        var result = await provisioner.UpdateAsync(Request("refused-patch", new ProvisionSettings()),
            Change("""{ "bucketType": "allPublic", "lifecycleRules": [] }"""), CancellationToken.None);

        Assert.Equal(ProvisionOutcome.SettingRefused, result.Outcome);
        Assert.Equal(RegistrationFields.Provision, result.Setting);
        Assert.Contains("buckets.patch", result.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("setIamPolicy", fake.Calls);
        Assert.Equal("enforced", (string?)fake.Inserted["refused-patch"]["iamConfiguration"]!["publicAccessPrevention"]);
    }

    private static string WithRetention(int days) =>
        $$"""{ "fileLockEnabled": true, "defaultRetention": { "mode": "GOVERNANCE", "period": { "duration": {{days}}, "unit": "days" } } }""";

    private async Task CreateAsync(string bucket, string provision)
    {
        var created = await provisioner.CreateAsync(
            Request(bucket, Settings(JsonNode.Parse(provision)!.Deserialize<ProvisionInput>())), CancellationToken.None);
        Assert.True(created.Outcome == ProvisionOutcome.Created, created.Message);
    }

    private static ProvisionChange Change(string provision)
    {
        var checkedChange = ProvisionRules.CheckChange(JsonNode.Parse(provision)!.Deserialize<ProvisionInput>()!, StorageType.Gcs);
        Assert.True(checkedChange.IsValid, string.Join("; ", checkedChange.Errors.Select(e => e.Field + ": " + e.Message)));
        return checkedChange.Value!.Change;
    }

    /// <summary>The JSON API calls after the last <paramref name="operation"/>.</summary>
    private List<string> Since(string operation) => [.. fake.Calls.Reverse().TakeWhile(c => c != operation).Reverse()];

    private static ProvisionSettings Settings(ProvisionInput? input)
    {
        var checkedInput = ProvisionRules.Check(input!, StorageType.Gcs);
        Assert.True(checkedInput.IsValid, string.Join("; ", checkedInput.Errors.Select(e => e.Field + ": " + e.Message)));
        return checkedInput.Value!;
    }

    private ProvisionRequest Request(string bucket, ProvisionSettings settings)
    {
        var keyFile = fake.KeyFile();
        return new ProvisionRequest(StorageType.Gcs, bucket, "EUROPE-WEST1", fake.Endpoint,
            new StorageCredential(fake.Account.Email, new SecretString(keyFile)), settings)
        {
            ServiceAccount = ServiceAccountKey.Parse(keyFile, out _),
        };
    }
}

internal static class JsonNodeExtensions
{
    public static T? Deserialize<T>(this JsonNode node) => System.Text.Json.JsonSerializer.Deserialize<T>(
        node.ToJsonString(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
}
