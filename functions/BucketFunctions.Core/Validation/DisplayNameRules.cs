namespace BucketFunctions.Core.Validation;

/// <summary><c>name</c>: the bucket's display name, trimmed, 1 to 100 characters, nothing invisible.</summary>
public static class DisplayNameRules
{
    public const int MaxLength = 100;

    /// <summary>Checks a present name; <paramref name="normalized"/> is the trimmed name.</summary>
    public static FieldError? Check(string value, out string normalized)
    {
        ArgumentNullException.ThrowIfNull(value);
        normalized = value.Trim();
        if (normalized.Length == 0)
        {
            return Error("The name must not be empty or only whitespace.");
        }

        if (TextRules.CountCharacters(normalized) > MaxLength)
        {
            return Error($"The name must be at most {MaxLength} characters long.");
        }

        if (TextRules.HasInvisibleOrBrokenCharacter(normalized))
        {
            return Error("The name must not contain control, invisible formatting or line separator characters.");
        }

        return null;
    }

    private static FieldError Error(string message) => new(RegistrationFields.Name, message);
}
