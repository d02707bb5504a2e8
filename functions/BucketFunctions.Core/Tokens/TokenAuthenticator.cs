namespace BucketFunctions.Core.Tokens;

/// <summary>Turns a presented API token into a <see cref="Caller"/>, or null when it is malformed, unknown, revoked or expired.</summary>
public sealed class TokenAuthenticator(ITokenStore tokens, TimeProvider time)
{
    public async Task<Caller?> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (!ApiTokens.TryReadTokenId(token, out var tokenId))
        {
            return null;
        }

        var record = await tokens.GetAsync(tokenId, cancellationToken).ConfigureAwait(false);
        if (record is null || !ApiTokens.Matches(token!, record.Hash) || record.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return new Caller(record.OrganizationId, record.TokenId, record.Workspaces, record.Capabilities);
    }
}
