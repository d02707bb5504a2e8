namespace BucketFunctions.Core.Organizations;

/// <summary>A tenant. <see cref="BucketLimit"/> null means the default limit applies.</summary>
public sealed record Organization(string Id, string Name, int? BucketLimit, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The plan an organization is on until an operator names another (Flashback's free trial).</summary>
    public const string DefaultPlan = "free";

    /// <summary>The subscription plan's name as the quota answer shows it; null means <see cref="DefaultPlan"/>.</summary>
    public string? Plan { get; init; }

    public string EffectivePlan => Plan ?? DefaultPlan;
}
