using System.Net;
using System.Net.Sockets;
using BucketFunctions.Core.Probing;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// Decides which user-supplied endpoints the service may call, and connects only to addresses it has checked.
/// https only, to hosts whose every resolved address is public (<see cref="AddressRules.IsPublic"/>); with
/// <see cref="EndpointOptions.AllowLoopbackHttp"/> (development), loopback addresses too, over http or https — and
/// plain http only to loopback. The socket connects to the very address that was checked, so a second DNS answer
/// (rebinding) cannot swap it. A refusal is an <see cref="EndpointNotAllowedException"/> thrown before any connection.
/// </summary>
internal sealed class EndpointGuard
{
    private readonly EndpointOptions options;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve;
    private readonly Func<IPEndPoint, CancellationToken, ValueTask<Stream>> connect;

    public EndpointGuard(IOptions<EndpointOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, resolve: null, connect: null)
    {
    }

    /// <summary>Tests replace name resolution and the socket connect, to prove what is (not) reached.</summary>
    internal EndpointGuard(
        EndpointOptions options,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve,
        Func<IPEndPoint, CancellationToken, ValueTask<Stream>>? connect)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.resolve = resolve ?? Dns.GetHostAddressesAsync;
        this.connect = connect ?? ConnectSocketAsync;
    }

    public EndpointOptions Options => options;

    /// <summary>A handler for provider calls: the checks above, no proxy, no redirects, no cookies, HTTP/1.1, bounded connect.</summary>
    public HttpMessageHandler CreateHandler()
    {
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            Proxy = null,
            UseCookies = false,
            PreAuthenticate = false,
            Credentials = null,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ProbeTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = ConnectAsync,
        };
        return new GuardedHttpHandler(this, sockets);
    }

    /// <summary>
    /// Refuses a user-supplied base endpoint that is ruled out before anything is resolved: not absolute, a scheme other
    /// than https (or loopback http in development), user info (<c>https://evil@127.0.0.1</c>), a query or fragment, no
    /// host, or an IP literal that may not be called. Host names are checked when the connection is made.
    /// </summary>
    public void CheckEndpoint(Uri endpoint)
    {
        CheckScheme(endpoint);
        if (endpoint.UserInfo.Length > 0
            || endpoint.GetComponents(UriComponents.UserInfo | UriComponents.KeepDelimiter, UriFormat.UriEscaped).Length > 0)
        {
            throw new EndpointNotAllowedException("The endpoint must not contain a user name or password.");
        }

        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
        {
            throw new EndpointNotAllowedException("The endpoint must not contain a query string or a fragment.");
        }

        if (endpoint.Host.Length == 0)
        {
            throw new EndpointNotAllowedException("The endpoint has no host.");
        }

        if (endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(endpoint.DnsSafeHost, out var literal))
        {
            Check(literal, endpoint.Scheme == Uri.UriSchemeHttp);
        }
    }

    /// <summary>
    /// <see cref="CheckEndpoint"/>, then resolves a host name and refuses it unless every address may be called, so a
    /// check fails at its first step, before any call. Only for clients that hide why a connection failed (Google's
    /// token request): the AWS and Azure clients surface the connection's own refusal, so they need only
    /// <see cref="CheckEndpoint"/> and spare every check a second name lookup.
    /// </summary>
    public async Task CheckEndpointAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        CheckEndpoint(endpoint);
        if (endpoint.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            await ResolveAllowedAsync(endpoint.DnsSafeHost, endpoint.Scheme == Uri.UriSchemeHttp, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses a URL whose scheme alone rules it out, before anything is resolved.</summary>
    public void CheckScheme(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new EndpointNotAllowedException("The endpoint must be an absolute https URL.");
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && options.AllowLoopbackHttp)
        {
            return; // Allowed only to loopback; ConnectAsync checks the addresses.
        }

        throw new EndpointNotAllowedException("The endpoint must use https.");
    }

    /// <summary>The host's addresses, when every one of them may be called; otherwise a refusal.</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAllowedAsync(string host, bool plainHttp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (plainHttp && !options.AllowLoopbackHttp)
        {
            throw new EndpointNotAllowedException("The endpoint must use https.");
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(literal, out var address))
        {
            addresses = [address];
        }
        else if (literal.Length == 0)
        {
            throw new EndpointNotAllowedException("The endpoint has no host.");
        }
        else
        {
            addresses = await resolve(literal, cancellationToken).ConfigureAwait(false);
        }

        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var candidate in addresses)
        {
            Check(candidate, plainHttp);
        }

        return addresses;
    }

    private void Check(IPAddress candidate, bool plainHttp)
    {
        var loopback = AddressRules.IsLoopback(candidate);
        if (plainHttp && !loopback)
        {
            throw new EndpointNotAllowedException("The endpoint must use https.");
        }

        if (loopback ? !options.AllowLoopbackHttp : !AddressRules.IsPublic(candidate))
        {
            throw new EndpointNotAllowedException("The endpoint resolves to a private, loopback, link-local or metadata address.");
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var uri = context.InitialRequestMessage.RequestUri
            ?? throw new EndpointNotAllowedException("The endpoint must be an absolute https URL.");
        CheckScheme(uri);
        var plainHttp = uri.Scheme == Uri.UriSchemeHttp;
        var addresses = await ResolveAllowedAsync(context.DnsEndPoint.Host, plainHttp, cancellationToken).ConfigureAwait(false);

        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await connect(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                last = e; // Try the next checked address.
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
