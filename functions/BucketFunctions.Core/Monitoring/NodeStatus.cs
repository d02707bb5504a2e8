namespace BucketFunctions.Core.Monitoring;

/// <summary>How a region sees a bucket, in Flashback's <c>NodeStatusType</c> values.</summary>
public enum NodeStatus
{
    /// <summary>The region's last check found the bucket usable.</summary>
    Online,

    /// <summary>The region's last check failed, for any reason.</summary>
    Offline,

    /// <summary>The region has not checked the bucket within <see cref="HealthCheckOptions.DisconnectedAfterIntervals"/> intervals.</summary>
    Disconnected,
}

public static class NodeStatuses
{
    public static string ToWireName(this NodeStatus status) => status switch
    {
        NodeStatus.Online => "ONLINE",
        NodeStatus.Offline => "OFFLINE",
        NodeStatus.Disconnected => "DISCONNECTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static IReadOnlyList<string> WireNames { get; } = Enum.GetValues<NodeStatus>().Select(s => s.ToWireName()).ToList();

    /// <summary>The one rule: stale beats the verdict, and any failure is OFFLINE.</summary>
    public static NodeStatus Of(BucketCheck check, DateTimeOffset now, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(check);
        return now - check.At > interval * HealthCheckOptions.DisconnectedAfterIntervals
            ? NodeStatus.Disconnected
            : check.IsOnline ? NodeStatus.Online : NodeStatus.Offline;
    }
}
