using System.Globalization;

namespace BucketFunctions.Core.Validation;

/// <summary>Character checks shared by the field rules. "Letter" and "digit" here always mean ASCII.</summary>
internal static class TextRules
{
    public static bool IsLowerOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    public static bool AllLowerOrDigit(string value) => value.All(IsLowerOrDigit);

    /// <summary>Number of Unicode characters (scalar values): a surrogate pair counts once.</summary>
    public static int CountCharacters(string value)
    {
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// True when the text holds a character nobody types on purpose in a name or a key: control (Cc), format (Cf, e.g.
    /// zero-width or bidi marks), line or paragraph separators, unassigned code points and noncharacters (Cn, e.g.
    /// U+FFFF), or a broken surrogate pair.
    /// </summary>
    public static bool HasInvisibleOrBrokenCharacter(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                if (IsInvisible(CharUnicodeInfo.GetUnicodeCategory(value, i)))
                {
                    return true;
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(value[i]) || IsInvisible(CharUnicodeInfo.GetUnicodeCategory(value[i])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInvisible(UnicodeCategory category) => category is UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned;
}
