using System.Text.RegularExpressions;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// <c>walletAddress</c>: the owner's blockchain wallet, as Flashback's client sends it (a Stellar or EVM address, or a
/// CAIP-10 account id): 1 to 128 letters, digits, colons, dots, hyphens or underscores. Empty means none.
/// </summary>
public static partial class WalletAddressRules
{
    public const int MaxLength = 128;

    /// <summary><paramref name="normalized"/> is the address, or null for an empty one (no wallet).</summary>
    public static FieldError? Check(string value, out string? normalized, string field = RegistrationFields.WalletAddress)
    {
        ArgumentNullException.ThrowIfNull(value);
        normalized = value.Length == 0 ? null : value;
        return value.Length == 0 || Address().IsMatch(value)
            ? null
            : new FieldError(field, $"The {field} must be 1 to {MaxLength} letters, digits, colons, dots, hyphens or underscores.");
    }

    [GeneratedRegex(@"^[A-Za-z0-9:._-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
