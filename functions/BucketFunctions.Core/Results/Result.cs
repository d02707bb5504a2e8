namespace BucketFunctions.Core.Results;

/// <summary>A value or the reason there is none. Expected refusals are values, so handlers map them without try/catch.</summary>
public sealed class Result<T>
{
    private readonly T? value;

    private Result(T? value, Failure? failure) => (this.value, Failure) = (value, failure);

    public Failure? Failure { get; }

    public bool Succeeded => Failure is null;

    public T Value => Succeeded ? value! : throw new InvalidOperationException("A failed result has no value.");

    /// <summary>The value turned into another, or the same failure.</summary>
    public Result<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Succeeded ? map(Value) : Failure!;
    }

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));
}
