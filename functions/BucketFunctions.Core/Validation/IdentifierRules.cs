using System.Text.RegularExpressions;

namespace BucketFunctions.Core.Validation;

/// <summary><c>workspaceId</c> (optional): 1 to 64 letters, digits, hyphens, underscores or dots.</summary>
public static partial class WorkspaceIdRules
{
    public const int MaxLength = 64;

    public static FieldError? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return WorkspaceId().IsMatch(value)
            ? null
            : new FieldError(RegistrationFields.WorkspaceId, $"The workspaceId must be 1 to {MaxLength} letters, digits, hyphens, underscores or dots.");
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkspaceId();
}
