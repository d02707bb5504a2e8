using System.Globalization;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// The <c>day</c> of <c>POST /bucket/{id}/stats</c>: a UTC date (<c>2026-12-02</c>), or a timestamp whose UTC date is
/// meant (Flashback's client sends a JavaScript <c>Date</c>, which JSON renders as <c>2026-12-02T00:00:00.000Z</c>).
/// Not in the future.
/// </summary>
public static class StatsDay
{
    public const string Field = "day";

    public static Result<DateOnly> Parse(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Invalid("The day field is required: a UTC date such as 2026-12-02.");
        }

        DateOnly day;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            day = date;
        }
        else if (text.Length <= 40 && text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            day = DateOnly.FromDateTime(timestamp.UtcDateTime);
        }
        else
        {
            return Invalid("The day must be a UTC date (2026-12-02) or an ISO 8601 timestamp.");
        }

        return day > DateOnly.FromDateTime(now.UtcDateTime)
            ? Invalid("The day is in the future: it must be today (UTC) or earlier.")
            : day;
    }

    private static Failure Invalid(string message) => Failure.Validation([new FieldError(Field, message)]);
}
