using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Tests.TableStorage;

/// <summary>
/// How <see cref="TableClients"/> builds the service client, where only a scripted server can show it: bearer tokens
/// for the managed identity (Azurite needs https for those) and the retries it sets. The real SDK client and pipeline
/// run; only the socket is replaced. The connection-string path runs against Azurite in every store test.
/// </summary>
public sealed class TableClientsTests
{
    private static readonly TableStorageOptions Azure = new()
    {
        TableServiceUri = "https://account.table.core.windows.net",
        ManagedIdentityClientId = "8e2d1f3c-4b5a-4c6d-9e7f-0a1b2c3d4e5f",
    };

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
                var code = status == HttpStatusCode.Conflict ? "EntityAlreadyExists" : "ServerBusy";
                response.Headers.Add("x-ms-error-code", code);
                response.Content = new StringContent("{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"value\":\"no\"}}}");
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

    private static TableClient Tenants(HttpMessageHandler handler, TokenCredential credential)
    {
        var options = TableClients.CreateOptions();
        options.Transport = new HttpClientTransport(handler);
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return TableClients.CreateService(Azure, credential, options).GetTableClient("tenants");
    }

    [Fact]
    public async Task The_endpoint_is_reached_with_a_bearer_token_for_the_storage_scope()
    {
        var handler = new ScriptedHandler(HttpStatusCode.NoContent);
        var credential = new RecordingCredential();

        await Tenants(handler, credential).CreateIfNotExistsAsync();

        var request = Assert.Single(handler.Requests);
        Assert.Equal(new Uri(Azure.TableServiceUri!).Host, request.RequestUri!.Host);
        Assert.Equal("Bearer token-from-identity", request.Headers.Authorization?.ToString());
        Assert.Equal("https://storage.azure.com/.default", Assert.Single(credential.Scopes.Distinct()));
    }

    [Fact]
    public async Task Service_busy_answers_are_retried_until_one_succeeds()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.NoContent);

        await Tenants(handler, new RecordingCredential()).UpsertEntityAsync(new TableEntity("p", "r"));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_conflict_is_not_retried_and_reads_as_taken()
    {
        var handler = new ScriptedHandler(HttpStatusCode.Conflict);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => Tenants(handler, new RecordingCredential()).AddEntityAsync(new TableEntity("p", "r")));

        Assert.Single(handler.Requests);
        Assert.True(error.IsTaken());
        Assert.False(error.IsStale());
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Theory]
    [InlineData("AccountName=acct")]
    [InlineData("AccountKey=c2VjcmV0LWtleS12YWx1ZQ==")]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;garbage")]
    public void A_broken_connection_string_fails_validation_without_echoing_the_key(string connectionString)
    {
        var result = new TableStorageOptionsValidator().Validate(null, new TableStorageOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("Storage:ConnectionString", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleS12YWx1ZQ", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, "exactly one")]
    [InlineData("UseDevelopmentStorage=true", "https://account.table.core.windows.net", null, "exactly one")]
    [InlineData(null, "http://account.table.core.windows.net", null, "https")]
    [InlineData(null, "https://account.table.core.windows.net", "not-a-guid", "Storage:ManagedIdentityClientId")]
    [InlineData("UseDevelopmentStorage=true", null, "8e2d1f3c-4b5a-4c6d-9e7f-0a1b2c3d4e5f", "Storage:ManagedIdentityClientId")]
    public void Exactly_one_way_to_reach_tables_passes_validation(
        string? connectionString, string? endpoint, string? clientId, string named)
    {
        var validator = new TableStorageOptionsValidator();
        var options = new TableStorageOptions { ConnectionString = connectionString, TableServiceUri = endpoint, ManagedIdentityClientId = clientId };

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new TableStorageOptions { ConnectionString = "UseDevelopmentStorage=true" }).Succeeded);
        Assert.True(validator.Validate(null, Azure).Succeeded);
    }
}
