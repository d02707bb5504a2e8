using System.ComponentModel.DataAnnotations;

namespace BucketFunctions.Core.Quotas;

/// <summary>Settings section <c>Quota</c>.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quota";

    /// <summary>Buckets an organization may hold unless an operator set its own limit (Flashback's free trial allows 10).</summary>
    [Range(0, 100_000)]
    public int DefaultBucketLimit { get; set; } = 10;

    /// <summary>The limit in force for an organization: its own when an operator set one, else the default.</summary>
    public int EffectiveLimit(int? organizationLimit) => organizationLimit ?? DefaultBucketLimit;
}
