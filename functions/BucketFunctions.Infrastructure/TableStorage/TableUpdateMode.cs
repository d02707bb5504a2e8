namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>Merge keeps properties the entity does not name; Replace drops them.</summary>
public enum TableUpdateMode
{
    Merge,
    Replace,
}
