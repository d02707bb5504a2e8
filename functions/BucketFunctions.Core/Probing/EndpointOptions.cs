namespace BucketFunctions.Core.Probing;

/// <summary>Settings section <c>Endpoints</c>: which user-supplied provider endpoints the service will call.</summary>
public sealed class EndpointOptions
{
    public const string SectionName = "Endpoints";

    /// <summary>
    /// Development only: allow plain http to loopback addresses, for local emulators (s3rver, Azurite). Nothing else
    /// is relaxed: private, link-local and metadata addresses stay refused.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Upper bound on one provider check, connect included.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
