using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Tokens;

/// <summary>
/// API tokens in their own table, one partition per token id, so a request authenticates with one point read. Only
/// the hash is stored; deleting the row revokes the token at once.
/// </summary>
public sealed class TableTokenStore(TableClient tokens) : ITokenStore
{
    public async Task CreateAsync(ApiTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            await tokens.AddEntityAsync(TokenEntityMapper.ToEntity(token), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsTaken())
        {
            // Token ids are random: a collision means the caller reused one, which must never overwrite a live token.
            throw new InvalidOperationException($"Token id '{token.TokenId}' is already taken.", e);
        }
    }

    public Task<ApiTokenRecord?> GetAsync(string tokenId, CancellationToken cancellationToken) =>
        tokens.FindAsync(TokenEntityMapper.Partition(tokenId), TokenEntityMapper.RowKey,
            entity => TokenEntityMapper.ToRecord(tokenId, entity), cancellationToken);

    /// <summary>The SDK answers a missing row's delete with its 404 response, not an exception: that is "nothing revoked".</summary>
    public async Task<bool> DeleteAsync(string tokenId, CancellationToken cancellationToken)
    {
        var partition = TokenEntityMapper.Partition(tokenId);
        var response = await tokens.DeleteEntityAsync(partition, TokenEntityMapper.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }
}
