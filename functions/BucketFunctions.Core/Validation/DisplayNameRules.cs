namespace BucketFunctions.Core.Validation;

/// <summary>
/// <c>name</c>: the bucket's display name, trimmed, 1 to 100 characters, nothing invisible. <see cref="CheckText"/> applies
/// the same rules to other free text a client names things with (a provider key's description).
/// </summary>
public static class DisplayNameRules
{
    public const int MaxLength = 100;

    /// <summary>Checks a present name; <paramref name="normalized"/> is the trimmed name.</summary>
    public static FieldError? Check(string value, out string normalized) =>
        CheckText(RegistrationFields.Name, value, MaxLength, out normalized);

    /// <summary>Checks present text of <paramref name="field"/>; <paramref name="normalized"/> is the trimmed text.</summary>
    public static FieldError? CheckText(string field, string value, int maxLength, out string normalized)
    {
        ArgumentNullException.ThrowIfNull(value);
        normalized = value.Trim();
        if (normalized.Length == 0)
        {
            return new(field, $"The {field} must not be empty or only whitespace.");
        }

        if (TextRules.CountCharacters(normalized) > maxLength)
        {
            return new(field, $"The {field} must be at most {maxLength} characters long.");
        }

        return TextRules.HasInvisibleOrBrokenCharacter(normalized)
            ? new(field, $"The {field} must not contain control, invisible formatting or line separator characters.")
            : null;
    }
}
