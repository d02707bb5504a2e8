using System.Text.RegularExpressions;

namespace BucketFunctions.Core.Validation;

/// <summary>One broken rule on one request field. <see cref="Field"/> is the JSON property name; <see cref="Pointer"/> its RFC 6901 pointer.</summary>
public sealed partial record FieldError(string Field, string Message, FieldErrorKind Kind = FieldErrorKind.Invalid)
{
    /// <summary>
    /// A nested field is named as a path (<c>provision.corsRules[0].maxAgeSeconds</c>, or <c>provision['a.b']</c> for a key
    /// the path must quote); its pointer has one segment per step: <c>/provision/corsRules/0/maxAgeSeconds</c>.
    /// </summary>
    public string Pointer => string.Concat(PathStep().Matches(Field).Select(step =>
        "/" + (step.Groups["quoted"].Success ? step.Groups["quoted"].Value : step.Value.Trim('[', ']'))
            .Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    [GeneratedRegex(@"\['(?<quoted>.*?)'\]|\[\d+\]|[^.\[\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex PathStep();
}

/// <summary>Most broken rules are plain validation failures; an endpoint the service refuses to call has its own error code.</summary>
public enum FieldErrorKind
{
    Invalid,
    EndpointNotAllowed,

    /// <summary>A provision setting the storage type cannot hold: its own error code, with the reason.</summary>
    OptionNotSupported,
}

/// <summary>A body's validator collects every broken field: a rule that passed answers null, which adds nothing.</summary>
internal static class FieldErrorListExtensions
{
    public static void AddIfAny(this List<FieldError> errors, FieldError? error)
    {
        if (error is not null)
        {
            errors.Add(error);
        }
    }
}
