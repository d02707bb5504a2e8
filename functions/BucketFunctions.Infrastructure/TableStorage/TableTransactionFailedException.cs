using Azure;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>An entity group transaction was refused as a whole; <see cref="FailedOperationIndex"/> names the operation that caused it, when the service said.</summary>
public sealed class TableTransactionFailedException(int status, string message, string? errorCode, int? failedOperationIndex)
    : RequestFailedException(status, message, errorCode, null)
{
    public int? FailedOperationIndex { get; } = failedOperationIndex;
}
