using System.Buffers;
using System.Globalization;
using System.Text;

namespace BucketFunctions.Core.Validation;

/// <summary>Character checks shared by the field rules. "Letter" and "digit" here always mean ASCII.</summary>
internal static class TextRules
{
    public static bool IsLowerOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    public static bool AllLowerOrDigit(string value) => value.All(IsLowerOrDigit);

    /// <summary>Number of Unicode characters (scalar values): a surrogate pair counts once, a broken half once.</summary>
    public static int CountCharacters(string value) => value.EnumerateRunes().Count();

    /// <summary>
    /// True when the text holds a character nobody types on purpose in a name or a key: control (Cc), format (Cf, e.g.
    /// zero-width or bidi marks), line or paragraph separators, unassigned code points and noncharacters (Cn, e.g.
    /// U+FFFF), or a broken surrogate pair.
    /// </summary>
    public static bool HasInvisibleOrBrokenCharacter(string value)
    {
        for (var rest = value.AsSpan(); !rest.IsEmpty;)
        {
            // A broken surrogate pair does not decode (EnumerateRunes would hide it as U+FFFD, which is visible).
            if (Rune.DecodeFromUtf16(rest, out var character, out var length) != OperationStatus.Done
                || IsInvisible(Rune.GetUnicodeCategory(character)))
            {
                return true;
            }

            rest = rest[length..];
        }

        return false;
    }

    private static bool IsInvisible(UnicodeCategory category) => category is UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned;
}
