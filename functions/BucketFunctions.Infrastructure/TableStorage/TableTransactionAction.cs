using Azure;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>What one operation of an entity group transaction does.</summary>
public enum TableTransactionActionType
{
    Add,
    UpdateMerge,
    UpdateReplace,
    UpsertMerge,
    UpsertReplace,
    Delete,
}

/// <summary>One operation of an entity group transaction. Update and Delete honour <see cref="ETag"/> (default: any).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
