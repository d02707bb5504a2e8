using Azure;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>How one operation of a committed transaction ended: its status and the entity's new ETag, when it has one.</summary>
public sealed record TableOperationResult(int Status, ETag ETag);
