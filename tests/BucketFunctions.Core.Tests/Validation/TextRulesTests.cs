using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

public sealed class TextRulesTests
{
    // UTF-16 code units, built at run time: xunit mangles an unpaired surrogate written inside [InlineData].
    [Theory]
    [InlineData(new int[0], 0, false)]
    [InlineData(new[] { 0x61, 0x62 }, 2, false)]
    [InlineData(new[] { 0xD83D, 0xDE00 }, 1, false)] // an emoji: one character, visible
    [InlineData(new[] { 0x61, 0xD83D, 0xDE00, 0x62 }, 3, false)]
    [InlineData(new[] { 0xFFFD }, 1, false)] // the replacement character itself is visible
    [InlineData(new[] { 0xD800 }, 1, true)] // a high surrogate at the end
    [InlineData(new[] { 0xD800, 0xD800, 0xDC00 }, 2, true)] // a high surrogate, then a pair
    [InlineData(new[] { 0xDC00, 0x61 }, 2, true)] // a low surrogate first
    [InlineData(new[] { 0x61, 0x200B }, 2, true)] // zero-width space (Cf)
    [InlineData(new[] { 0x0007 }, 1, true)] // control (Cc)
    [InlineData(new[] { 0x2028 }, 1, true)] // line separator
    [InlineData(new[] { 0xFFFF }, 1, true)] // noncharacter (Cn)
    [InlineData(new[] { 0xDB40, 0xDC01 }, 1, true)] // U+E0001 language tag: a pair that is a format character
    [InlineData(new[] { 0xD83F, 0xDFFF }, 1, true)] // U+1FFFF: a pair that is a noncharacter
    public void Characters_are_counted_and_judged_by_code_point(int[] units, int count, bool invisibleOrBroken)
    {
        var text = new string(units.Select(u => (char)u).ToArray());

        Assert.Equal(count, TextRules.CountCharacters(text));
        Assert.Equal(invisibleOrBroken, TextRules.HasInvisibleOrBrokenCharacter(text));
    }
}
