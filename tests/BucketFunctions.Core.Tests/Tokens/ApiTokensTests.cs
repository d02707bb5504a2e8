using BucketFunctions.Core.Tokens;

namespace BucketFunctions.Core.Tests.Tokens;

public sealed class ApiTokensTests
{
    [Fact]
    public void A_created_token_carries_its_id_and_matches_only_its_own_hash()
    {
        var (token, tokenId, hash) = ApiTokens.Create();
        var (other, _, otherHash) = ApiTokens.Create();

        Assert.True(ApiTokens.TryReadTokenId(token, out var readId));
        Assert.Equal(tokenId, readId);
        Assert.True(ApiTokens.Matches(token, hash));
        Assert.False(ApiTokens.Matches(other, hash));
        Assert.False(ApiTokens.Matches(token, otherHash));
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void Tokens_carry_256_random_bits_and_never_repeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ApiTokens.Create().Token).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Equal(4 + 32 + 1 + 43, t.Length));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bft_")]
    [InlineData("bft_0000000000000000000000000000000g_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("xyz_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("bft_00000000000000000000000000000000-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("bft_00000000000000000000000000000000_AAAA")]
    public void Malformed_tokens_carry_no_id(string? token)
    {
        Assert.False(ApiTokens.TryReadTokenId(token, out _));
    }
}
