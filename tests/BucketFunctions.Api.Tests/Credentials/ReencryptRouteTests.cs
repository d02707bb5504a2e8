using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Credentials;

/// <summary>
/// Key rotation through the operator route: buckets sealed under the first key, the second key made active, then
/// <c>POST /manage/credentials/reencrypt</c> paged to the end; afterwards an app that knows only the second key reads
/// every credential, and a second pass moves nothing.
/// </summary>
public sealed class ReencryptRouteTests : ApiTestBase
{
    private static readonly string FirstKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string SecondKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task Reencryption_moves_every_entry_to_the_active_key_so_the_old_one_can_be_retired()
    {
        var secrets = new Dictionary<string, string>();
        for (var i = 0; i < 5; i++)
        {
            var secret = NewSecret();
            secrets[(await CreateBucketAsync(body: ValidBody(secret: secret)))["id"]!.GetValue<string>()] = secret;
        }

        await using var rotated = App(("test", FirstKey), ("k2", SecondKey));
        using var operatorClient = rotated.CreateAdminClient();
        var moved = 0;
        string? token = null;
        var pages = 0;
        do
        {
            var path = "/manage/credentials/reencrypt?pageSize=2" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await AssertOkAsync(await operatorClient.PostAsync(path, null));
            moved += page["reencrypted"]!.GetValue<int>();
            token = page["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(5, moved);
        Assert.InRange(pages, 3, 4);
        var again = await AssertOkAsync(await operatorClient.PostAsync("/manage/credentials/reencrypt", null));
        Assert.Equal((0, 5), (again["reencrypted"]!.GetValue<int>(), again["alreadyCurrent"]!.GetValue<int>()));

        await using var retired = App(("k2", SecondKey));
        var vault = retired.Services.GetRequiredService<ICredentialVault>();
        var buckets = retired.Services.GetRequiredService<IBucketStore>();
        foreach (var (id, secret) in secrets)
        {
            var bucket = await buckets.GetAsync(OrganizationId, Guid.Parse(id), CancellationToken.None);
            var credential = await vault.GetAsync(bucket!.CredentialScope(), CancellationToken.None);
            Assert.Equal(secret, credential!.Secret.Reveal());
        }
    }

    [Fact]
    public async Task The_route_is_the_operators_and_refuses_a_bad_page_or_token()
    {
        await AssertProblemAsync(await PostRawAsync(Tenant, "/manage/credentials/reencrypt", "", null), HttpStatusCode.Unauthorized, "unauthorized");
        using var operatorClient = Factory.CreateAdminClient();
        foreach (var query in new[] { "pageSize=0", "pageSize=abc", "continuationToken=not-a-token" })
        {
            var problem = await AssertProblemAsync(await operatorClient.PostAsync("/manage/credentials/reencrypt?" + query, null),
                HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(query.Split('=')[0], problem["errors"]![0]!["field"]!.GetValue<string>());
        }
    }

    /// <summary>The same tables as this class's app, with another envelope key set (the last key is the active one).</summary>
    private ApiFactory App(params (string Id, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:TenantsTable"] = Factory.TenantsTable,
            ["Storage:TokensTable"] = Factory.TokensTable,
            ["Storage:HealthTable"] = Factory.HealthTable,
            ["Vault:Envelope:Table"] = Factory.CredentialsTable,
            ["Vault:Envelope:ActiveKeyId"] = keys[^1].Id,
            ["Vault:Envelope:Keys:test"] = null,
        };
        foreach (var (id, key) in keys)
        {
            settings["Vault:Envelope:Keys:" + id] = key;
        }

        return new ApiFactory(Azurite, settings);
    }
}
