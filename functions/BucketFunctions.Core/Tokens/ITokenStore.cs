namespace BucketFunctions.Core.Tokens;

/// <summary>Issued API tokens, addressed by token id (which the token string carries).</summary>
public interface ITokenStore
{
    Task CreateAsync(ApiTokenRecord token, CancellationToken cancellationToken);

    Task<ApiTokenRecord?> GetAsync(string tokenId, CancellationToken cancellationToken);

    /// <summary>Deletes the token; it stops working at once. False when there was none.</summary>
    Task<bool> DeleteAsync(string tokenId, CancellationToken cancellationToken);
}
