namespace BucketFunctions.Core.Organizations;

/// <summary>A tenant. <see cref="BucketLimit"/> null means the default limit applies.</summary>
public sealed record Organization(string Id, string Name, int? BucketLimit, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
