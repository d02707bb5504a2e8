using Azure;
using Azure.Data.Tables;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// The Table service's refusals the stores act on, read in one place. The status decides: Azure and Azurite agree on it
/// while their error codes for the same case can differ (a failed If-Match inside a transaction, say). Anything not
/// named here (403, 5xx after the pipeline's retries, a network failure) is not the stores' to handle and surfaces as is.
/// </summary>
internal static class TableErrors
{
    /// <summary>409 <c>EntityAlreadyExists</c>: the keys are taken (a duplicate, or a race to claim them).</summary>
    public static bool IsTaken(this RequestFailedException error) => error.Status == 409;

    /// <summary>
    /// 412 <c>UpdateConditionNotSatisfied</c> or 404 <c>ResourceNotFound</c>: the row changed or went away since it was
    /// read (a conditional write's If-Match no longer holds).
    /// </summary>
    public static bool IsStale(this RequestFailedException error) => error.Status is 404 or 412;

    /// <summary>412 only: someone else changed the row, which is still there.</summary>
    public static bool IsChanged(this RequestFailedException error) => error.Status == 412;

    /// <summary>Whether the transaction was refused because of its action at <paramref name="index"/>.</summary>
    public static bool FailedAt(this TableTransactionFailedException error, int index) => error.FailedTransactionActionIndex == index;
}
