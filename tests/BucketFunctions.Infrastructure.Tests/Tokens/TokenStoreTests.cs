using System.Security.Cryptography;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Infrastructure.Tokens;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.Tokens;

public sealed class TokenStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<TableTokenStore> NewStoreAsync()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "tokens");
        return new TableTokenStore(table);
    }

    private static ApiTokenRecord NewToken(
        string? tokenId = null,
        IReadOnlyList<string>? workspaces = null,
        Capability capabilities = Capability.ListBuckets | Capability.ReadBuckets,
        DateTimeOffset? expiresAt = null) => new(
            tokenId ?? Guid.NewGuid().ToString("N"),
            "org-1",
            SHA256.HashData("secret token"u8),
            "CI deploys",
            workspaces ?? ["*"],
            capabilities,
            expiresAt,
            DateTimeOffset.UtcNow);

    private static void AssertSame(ApiTokenRecord expected, ApiTokenRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.TokenId, actual.TokenId);
        Assert.Equal(expected.OrganizationId, actual.OrganizationId);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Workspaces, actual.Workspaces);
        Assert.Equal(expected.Capabilities, actual.Capabilities);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
    }

    [Fact]
    public async Task A_token_for_every_workspace_without_expiry_reads_back_unchanged()
    {
        var store = await NewStoreAsync();
        var token = NewToken(workspaces: [ApiTokenRecord.AllWorkspaces], expiresAt: null);

        await store.CreateAsync(token, None);

        AssertSame(token, await store.GetAsync(token.TokenId, None));
    }

    [Fact]
    public async Task A_token_for_some_workspaces_with_an_expiry_reads_back_unchanged()
    {
        var store = await NewStoreAsync();
        var token = NewToken(workspaces: ["ws-1", "ws \"2\"", "ws/3"], expiresAt: DateTimeOffset.UtcNow.AddDays(30));

        await store.CreateAsync(token, None);

        AssertSame(token, await store.GetAsync(token.TokenId, None));
    }

    [Theory]
    [InlineData(Capability.None)]
    [InlineData(Capability.ListBuckets)]
    [InlineData(Capability.WriteBuckets | Capability.DeleteBuckets)]
    [InlineData(Capability.ListBuckets | Capability.ReadBuckets | Capability.WriteBuckets | Capability.DeleteBuckets)]
    public async Task Capability_flags_round_trip(Capability capabilities)
    {
        var store = await NewStoreAsync();
        var token = NewToken(capabilities: capabilities);

        await store.CreateAsync(token, None);

        Assert.Equal(capabilities, (await store.GetAsync(token.TokenId, None))!.Capabilities);
    }

    [Fact]
    public async Task A_token_with_no_workspaces_reads_back_with_an_empty_list()
    {
        var store = await NewStoreAsync();
        var token = NewToken(workspaces: []);

        await store.CreateAsync(token, None);

        Assert.Empty((await store.GetAsync(token.TokenId, None))!.Workspaces);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a b")]
    [InlineData("a\\b%c")]
    public async Task Token_ids_with_key_forbidden_characters_round_trip(string tokenId)
    {
        var store = await NewStoreAsync();
        var token = NewToken(tokenId: tokenId);

        await store.CreateAsync(token, None);

        AssertSame(token, await store.GetAsync(tokenId, None));
        Assert.True(await store.DeleteAsync(tokenId, None));
    }

    [Fact]
    public async Task Creating_a_token_with_a_taken_id_throws_and_keeps_the_first()
    {
        var store = await NewStoreAsync();
        var first = NewToken(tokenId: "tok-1");

        await store.CreateAsync(first, None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(NewToken(tokenId: "tok-1", capabilities: Capability.DeleteBuckets), None));

        AssertSame(first, await store.GetAsync("tok-1", None));
    }

    [Fact]
    public async Task Getting_an_unknown_token_returns_null()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.GetAsync("nope", None));
    }

    [Fact]
    public async Task Deleting_a_token_returns_true_then_false_and_it_is_gone()
    {
        var store = await NewStoreAsync();
        var token = NewToken();
        await store.CreateAsync(token, None);

        Assert.True(await store.DeleteAsync(token.TokenId, None));
        Assert.False(await store.DeleteAsync(token.TokenId, None));

        Assert.Null(await store.GetAsync(token.TokenId, None));
    }
}
