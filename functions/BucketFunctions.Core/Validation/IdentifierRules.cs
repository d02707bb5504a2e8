using System.Text.RegularExpressions;

namespace BucketFunctions.Core.Validation;

/// <summary>Ids clients choose (workspaceId, organizationId): 1 to 64 letters, digits, hyphens, underscores or dots.</summary>
public static partial class IdentifierRules
{
    public const int MaxLength = 64;

    public static FieldError? Check(string value, string field = RegistrationFields.WorkspaceId)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Identifier().IsMatch(value)
            ? null
            : new FieldError(field, $"The {field} must be 1 to {MaxLength} letters, digits, hyphens, underscores or dots.");
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
