using Amazon.Runtime;

namespace BucketFunctions.Infrastructure.Probing.S3;

/// <summary>
/// Hands the AWS SDK the one guarded <see cref="HttpClient"/>, so every request of the real S3 client goes through the
/// endpoint guard. ProviderHttp owns that client: the SDK neither caches nor disposes it.
/// </summary>
internal sealed class GuardedAwsHttpClientFactory(HttpClient client) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => client;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "bucketfunctions-guarded";
}
