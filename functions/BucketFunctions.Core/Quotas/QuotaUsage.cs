namespace BucketFunctions.Core.Quotas;

/// <summary>How many buckets an organization has and may have.</summary>
public sealed record QuotaUsage(int Current, int Max)
{
    public bool IsReached => Current >= Max;

    /// <summary>Share of the limit in use, 0–100, rounded to two decimals.</summary>
    public double Percentage => Max <= 0 ? 100 : Math.Round(100.0 * Current / Max, 2);
}
