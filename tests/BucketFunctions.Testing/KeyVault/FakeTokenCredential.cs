using Azure.Core;

namespace BucketFunctions.Testing.KeyVault;

/// <summary>A token credential that hands out one fixed token and records what it was asked for (scopes, tenant).</summary>
public sealed class FakeTokenCredential(string token) : TokenCredential
{
    private readonly List<TokenRequestContext> requests = [];

    public string Token { get; } = token;

    public IReadOnlyList<TokenRequestContext> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (requests)
        {
            requests.Add(requestContext);
        }

        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
