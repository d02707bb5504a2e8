using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Tests.TableStorage;

/// <summary>
/// What only a scripted server can show: bearer tokens for managed identity (Azurite needs https for those) and
/// Azure.Core's retries. The real client and pipeline run; only the socket is replaced.
/// </summary>
public sealed class TableClientPipelineTests
{
    private static readonly Uri Service = new("https://account.table.core.windows.net");

    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var status = statuses[Math.Min(Requests.Count - 1, statuses.Length - 1)];
            var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(string.Empty) };
            if ((int)status >= 400)
            {
                response.Content = new StringContent("{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"busy\"}}}");
            }

            return Task.FromResult(response);
        }
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("token-from-identity", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    private static TableClientOptions OptionsWith(HttpMessageHandler handler)
    {
        var options = new TableClientOptions { Transport = new HttpClientTransport(handler) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return options;
    }

    [Fact]
    public async Task A_token_credential_sends_a_bearer_token_for_the_storage_scope()
    {
        var handler = new ScriptedHandler(HttpStatusCode.NoContent);
        var credential = new RecordingCredential();
        var client = new TableClient(Service, "buckets", credential, OptionsWith(handler));

        await client.CreateIfNotExistsAsync();

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer token-from-identity", request.Headers.Authorization?.ToString());
        Assert.Equal("https://storage.azure.com/.default", Assert.Single(credential.Scopes.Distinct()));
        Assert.Equal(TableClientOptions.ServiceVersion, request.Headers.GetValues("x-ms-version").Single());
    }

    [Fact]
    public async Task Service_busy_answers_are_retried_until_one_succeeds()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.NoContent);
        var client = new TableClient(Service, "buckets", new Azure.AzureNamedKeyCredential("account", Convert.ToBase64String(new byte[32])), OptionsWith(handler));

        Assert.True(await client.CreateIfNotExistsAsync());

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.StartsWith("SharedKeyLite account:", r.Headers.Authorization?.ToString()));
    }

    [Fact]
    public async Task A_conflict_is_not_retried()
    {
        var handler = new ScriptedHandler(HttpStatusCode.Conflict);
        var client = new TableClient(Service, "buckets", new Azure.AzureNamedKeyCredential("account", Convert.ToBase64String(new byte[32])), OptionsWith(handler));

        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(
            () => client.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Single(handler.Requests);
        Assert.Equal(409, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
    }
}
