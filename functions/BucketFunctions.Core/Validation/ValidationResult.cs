namespace BucketFunctions.Core.Validation;

/// <summary>Either a valid value or every broken rule, never just the first.</summary>
public sealed class ValidationResult<T> where T : class
{
    private ValidationResult(T? value, IReadOnlyList<FieldError> errors) => (Value, Errors) = (value, errors);

    public T? Value { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool IsValid => Value is not null;

    public static ValidationResult<T> Valid(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), []);

    public static ValidationResult<T> Invalid(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("An invalid result needs at least one error.", nameof(errors)) : new(null, errors);
}
