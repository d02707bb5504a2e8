using System.ComponentModel.DataAnnotations;

namespace BucketFunctions.Core.Idempotency;

/// <summary>Settings section <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>
    /// How long a running request holds its key; after that a repeat may take over (the first one died). The default
    /// outlasts host.json's functionTimeout (3 minutes), so a request still running is never taken over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a finished response is replayed; after that the key is free again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
