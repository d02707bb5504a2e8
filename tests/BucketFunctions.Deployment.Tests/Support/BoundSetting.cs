using System.Text.RegularExpressions;

namespace BucketFunctions.Deployment.Tests.Support;

/// <summary>
/// A setting the code binds: its configuration path (<c>{id}</c> standing for any dictionary key or list index), the
/// options member that declares it, and its default as the options class sets it, as text.
/// </summary>
internal sealed record BoundSetting(string Path, string DeclaredBy, string? Default)
{
    private readonly Regex pattern = PatternFor(Path);

    public bool Matches(string configurationName) => pattern.IsMatch(configurationName);

    /// <summary>The name a settings file spells it with, e.g. <c>Vault__Envelope__Keys__{id}</c>.</summary>
    public string FileName => Path.Replace(":", "__", StringComparison.Ordinal);

    public static Regex PatternFor(string path) =>
        new(
            "^" + Regex.Escape(path).Replace(@"\{id}", "[^:]+", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
