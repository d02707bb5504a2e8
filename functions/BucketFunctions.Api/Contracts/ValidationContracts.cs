using System.Text.Json.Serialization;
using BucketFunctions.Api.OpenApi;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// <c>POST /bucket/validate</c> and <c>POST /bucket/{bucketId}/validate</c>: 200 whatever the provider said;
/// <see cref="Success"/> is whether every check passed.
/// </summary>
public sealed record ValidationReportResponse(
    bool Success,
    [property: OneOf(typeof(BucketStatuses), nameof(BucketStatuses.WireNames))] string Status,
    string Message,
    [property: JsonPropertyName("latency_ms")] long LatencyMs,
    IReadOnlyList<ValidationCheck> Checks)
{
    public static ValidationReportResponse From(ValidationReport report) => new(
        report.Passed,
        report.Status.ToWireName(),
        report.Message,
        (long)report.Latency.TotalMilliseconds,
        report.Checks.Select(c => new ValidationCheck(c.Name, c.Passed, c.Detail)).ToList());
}

/// <summary>One check; <see cref="Passed"/> is null when it was skipped because an earlier one failed.</summary>
public sealed record ValidationCheck(
    [property: OneOf(typeof(ProbeCheckNames), nameof(ProbeCheckNames.All))] string Name,
    bool? Passed,
    string Detail);
