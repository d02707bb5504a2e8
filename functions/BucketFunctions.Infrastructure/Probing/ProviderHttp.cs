using BucketFunctions.Core.Probing;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// The one guarded HTTP stack every provider call goes through (a DI singleton): the <see cref="EndpointGuard"/>'s handler,
/// shared by the AWS, Azure.Core and Google clients, and the bound of one check (<see cref="EndpointOptions.ProbeTimeout"/>).
/// </summary>
internal sealed class ProviderHttp : IDisposable
{
    public ProviderHttp(EndpointGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        if (guard.Options.ProbeTimeout <= TimeSpan.Zero || guard.Options.ProbeTimeout > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(guard), "Endpoints:ProbeTimeout must be positive and at most 5 minutes.");
        }

        Guard = guard;
        Timeout = guard.Options.ProbeTimeout;
        Handler = guard.CreateHandler();
        Client = new HttpClient(Handler, disposeHandler: false)
        {
            Timeout = Timeout + TimeSpan.FromSeconds(1), // backstop; each check's own token fires first
        };
    }

    public EndpointGuard Guard { get; }

    /// <summary>The whole of one check (every call it makes) must finish within this.</summary>
    public TimeSpan Timeout { get; }

    public HttpMessageHandler Handler { get; }

    public HttpClient Client { get; }

    /// <summary>A token that fires when the caller cancels or when <see cref="Timeout"/> has passed.</summary>
    public CancellationTokenSource Bound(CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        return bounded;
    }

    public void Dispose()
    {
        Client.Dispose();
        Handler.Dispose();
    }
}
