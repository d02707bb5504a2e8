using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Tests.Buckets;

public sealed class KeyHintTests
{
    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AKIA...MPLE")]
    [InlineData("abcdefghijklmnop", "abcd...mnop")]
    [InlineData("abcdefgh", "ab...gh")]
    [InlineData("S3RVER", "S...R")]
    [InlineData("abc", "****")]
    [InlineData("", "****")]
    public void A_hint_shows_at_most_four_characters_at_each_end_and_never_half_the_key(string key, string hint)
    {
        Assert.Equal(hint, KeyHint.For(key));
        Assert.True(hint.Replace("...", string.Empty, StringComparison.Ordinal).Replace("*", string.Empty, StringComparison.Ordinal).Length <= key.Length / 2);
    }
}
