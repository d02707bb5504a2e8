using Google.Apis.Http;

namespace BucketFunctions.Infrastructure.Probing.Gcs;

/// <summary>
/// Hands Google.Apis.Auth the guarded handler, so its token request goes through the endpoint guard like every other
/// provider call. The shared handler outlives the clients Google builds (and disposes) around it.
/// </summary>
internal sealed class GuardedGoogleHttpClientFactory(HttpMessageHandler guarded) : HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => new KeepInner(guarded);

    /// <summary>Passes calls through; disposing it leaves the shared handler alone.</summary>
    private sealed class KeepInner(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // The inner handler belongs to ProviderHttp.
        }
    }
}
