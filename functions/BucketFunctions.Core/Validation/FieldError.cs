namespace BucketFunctions.Core.Validation;

/// <summary>One broken rule on one request field. <see cref="Field"/> is the JSON property name; <see cref="Pointer"/> its RFC 6901 pointer.</summary>
public sealed record FieldError(string Field, string Message, FieldErrorKind Kind = FieldErrorKind.Invalid)
{
    public string Pointer => "/" + Field.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}

/// <summary>Most broken rules are plain validation failures; an endpoint the service refuses to call has its own error code.</summary>
public enum FieldErrorKind
{
    Invalid,
    EndpointNotAllowed,

    /// <summary>A provision setting the storage type cannot hold: its own error code, with the reason.</summary>
    OptionNotSupported,
}
