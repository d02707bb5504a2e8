using System.Net;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// The outer layer of the guarded handler: refuses a disallowed scheme before anything is resolved, pins HTTP/1.1 (an
/// HTTP/3 connection would not pass through the connect callback), and removes <c>Location</c> from redirect answers
/// so that nothing above — the AWS SDK follows 307s on its own — can follow a redirect either.
/// </summary>
internal sealed class GuardedHttpHandler : DelegatingHandler
{
    private readonly EndpointGuard guard;

    public GuardedHttpHandler(EndpointGuard guard, HttpMessageHandler inner)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(guard);
        this.guard = guard;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Prepare(request);
        return Finish(await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Prepare(request);
        return Finish(base.Send(request, cancellationToken));
    }

    private void Prepare(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        guard.CheckScheme(request.RequestUri ?? throw new EndpointNotAllowedException("The endpoint must be an absolute https URL."));
        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
    }

    private static HttpResponseMessage Finish(HttpResponseMessage response)
    {
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            response.Headers.Location = null;
        }

        return response;
    }
}
