using Google.Apis.Http;

namespace BucketFunctions.Infrastructure.Probing.Gcs;

/// <summary>
/// Hands the Google clients — the service account's token request and the Storage JSON API — the guarded handler, so
/// every call goes through the endpoint guard like every other provider call. Each client makes one try (no redirect,
/// no resend: <see cref="ProviderHttp.Timeout"/> bounds the whole check) and reads no answer larger than
/// <see cref="MaxResponseBytes"/>. The shared handler outlives the clients Google builds (and disposes) around it.
/// </summary>
internal sealed class GuardedGoogleHttpClientFactory(ProviderHttp http) : IHttpClientFactory
{
    /// <summary>No answer a check reads comes near this: a token, a bucket's metadata, a permission list, an error document.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    private readonly BoundedHandlers handlers = new(http.Handler);

    public ConfigurableHttpClient CreateHttpClient(CreateHttpClientArgs args)
    {
        var client = handlers.CreateHttpClient(args);
        client.MessageHandler.NumTries = 1;
        client.MessageHandler.FollowRedirect = false;
        client.Timeout = http.Client.Timeout; // backstop, as for ProviderHttp's own client: each check's token fires first
        return client;
    }

    /// <summary>Google's factory, with the guarded handler (bounded) in place of a handler of its own.</summary>
    private sealed class BoundedHandlers(HttpMessageHandler guarded) : HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => new Bounded(guarded);
    }

    /// <summary>Reads each answer up to the cap before the client parses it; disposing it leaves the shared handler alone.</summary>
    private sealed class Bounded(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            using var original = response.Content;
            var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var body = await ProviderHttp.ReadBoundedAsync(stream, MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                response.Dispose();
                throw new InvalidDataException("The provider's answer is larger than any answer a check reads.");
            }

            var bounded = new ByteArrayContent(body);
            foreach (var (name, values) in original.Headers)
            {
                bounded.Headers.TryAddWithoutValidation(name, values);
            }

            bounded.Headers.ContentLength = body.Length;
            response.Content = bounded;
            return response;
        }

        protected override void Dispose(bool disposing)
        {
            // The inner handler belongs to ProviderHttp.
        }
    }
}
