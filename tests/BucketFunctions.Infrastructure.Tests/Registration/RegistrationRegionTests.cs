using BucketFunctions.Core;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Registration;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Tests.Probing;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BucketFunctions.Infrastructure.Tests.Registration;

/// <summary>
/// The registration service as the app wires it (real stores on Azurite, the real probe) over a fake S3 at the HTTP
/// boundary whose bucket lives in eu-west-1: with no region the detected one is stored; a wrong one is refused naming it.
/// </summary>
public sealed class RegistrationRegionTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private const string Bucket = "my-backup-bucket-2024";

    [Fact]
    public async Task S3_without_a_region_stores_the_region_the_provider_named()
    {
        await using var fake = EuWest1Bucket();
        using var host = await StartAsync();
        var app = host.Services;
        var service = app.GetRequiredService<BucketRegistrationService>();
        var caller = await NewCallerAsync(app);

        var result = await service.RegisterAsync(caller, Input(fake.Endpoint, region: null), null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure?.Detail);
        var stored = await app.GetRequiredService<IBucketStore>()
            .GetAsync(caller.OrganizationId, result.Value.Id, CancellationToken.None);
        Assert.Equal("eu-west-1", stored!.Region);
    }

    [Fact]
    public async Task S3_with_a_wrong_region_is_refused_naming_the_real_one_and_stores_nothing()
    {
        await using var fake = EuWest1Bucket();
        using var host = await StartAsync();
        var app = host.Services;
        var service = app.GetRequiredService<BucketRegistrationService>();
        var caller = await NewCallerAsync(app);

        var result = await service.RegisterAsync(caller, Input(fake.Endpoint, region: "us-east-1"), null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(Core.Results.FailureKind.RegionMismatch, result.Failure!.Kind);
        Assert.Contains("eu-west-1", result.Failure.Detail, StringComparison.Ordinal);
        var quota = await app.GetRequiredService<IBucketStore>().GetQuotaAsync(caller.OrganizationId, CancellationToken.None);
        Assert.Equal(0, quota.Current);
    }

    /// <summary>A caller of a new organization whose workspace <see cref="WorkspaceId"/> is registered.</summary>
    private static async Task<Caller> NewCallerAsync(IServiceProvider app)
    {
        var caller = new Caller("org-" + Guid.NewGuid().ToString("N")[..12], "token-1", [ApiTokenRecord.AllWorkspaces], Capability.WriteBuckets);
        Assert.True(await app.GetRequiredService<IOrganizationStore>().TryAddWorkspaceAsync(
            new Workspace(caller.OrganizationId, WorkspaceId, "Main", DateTimeOffset.UtcNow), CancellationToken.None));
        return caller;
    }

    private const string WorkspaceId = "ws-1";

    private static BucketRegistrationInput Input(Uri endpoint, string? region) => new()
    {
        Name = "Backups " + Guid.NewGuid().ToString("N")[..6],
        Bucket = Bucket,
        StorageType = "S3",
        Key = "AKIAIOSFODNN7EXAMPLE",
        Secret = new SecretString(ProbeHarness.NewSecret()),
        Region = region,
        Endpoint = endpoint.AbsoluteUri,
        WorkspaceId = WorkspaceId,
    };

    /// <summary>The app's Core and Infrastructure registrations in a started host (its start creates the tables).</summary>
    private async Task<IHost> StartAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = fixture.Azurite.ConnectionString,
            ["Storage:TenantsTable"] = "tenants" + suffix,
            ["Storage:TokensTable"] = "tokens" + suffix,
            ["Vault:Mode"] = "Envelope",
            ["Vault:Envelope:ActiveKeyId"] = "k1",
            ["Vault:Envelope:Keys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Vault:Envelope:Table"] = "credentials" + suffix,
            ["Endpoints:AllowLoopbackHttp"] = "true",
            ["Endpoints:ProbeTimeout"] = "00:00:05",
        });
        builder.Services.AddLogging()
            .AddBucketFunctionsCore(builder.Configuration)
            .AddBucketFunctionsInfrastructure(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static FakeS3 EuWest1Bucket() => FakeS3.Answering(head =>
        head.Contains("/eu-west-1/s3/aws4_request", StringComparison.Ordinal)
            ? FakeS3.Response(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>" + Bucket
                + "</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>")
            : FakeS3.Response(301, string.Empty, ("x-amz-bucket-region", "eu-west-1")));
}
