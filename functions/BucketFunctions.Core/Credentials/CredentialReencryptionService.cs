using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Core.Credentials;

/// <summary>
/// The operator's re-encryption command: moves a page of vault entries to the active key. Idempotent (an entry already
/// under the active key is left alone, so a second pass moves nothing) and paged (the answer carries the token for the
/// next page), so it can be repeated until the token is null and then the old key retired.
/// </summary>
public sealed class CredentialReencryptionService(IReencryptableVault vault, ILogger<CredentialReencryptionService> logger)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public async Task<Result<ReencryptionPage>> ReencryptAsync(
        string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            return Failure.Validation([new FieldError("pageSize", $"pageSize is between 1 and {MaxPageSize}.")]);
        }

        ReencryptionPage page;
        try
        {
            var token = string.IsNullOrEmpty(continuationToken) ? null : continuationToken;
            page = await vault.ReencryptPageAsync(token, pageSize, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidContinuationTokenException)
        {
            return Failure.Validation([new FieldError("continuationToken", "The continuation token is not one this service issued.")]);
        }

        logger.LogInformation(
            "Credential re-encryption page: {Examined} examined, {Reencrypted} re-encrypted, {AlreadyCurrent} already current, " +
            "{Failed} failed, more: {More}",
            page.Examined, page.Reencrypted, page.AlreadyCurrent, page.Failed, page.ContinuationToken is not null);
        return page;
    }
}
