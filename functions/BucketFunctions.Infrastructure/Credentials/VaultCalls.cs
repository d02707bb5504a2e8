using Azure;
using Azure.Identity;
using BucketFunctions.Core.Credentials;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Runs a vault's Azure call (Key Vault, or the envelope vault's table) and turns its failures into
/// <see cref="CredentialVaultUnavailableException"/> carrying only the status and error code. Azure.Core's
/// <see cref="RequestFailedException"/> message quotes the response content (and its inner exceptions more), which for a
/// secret write could echo the value, so neither it nor the exception is logged or rethrown.
/// </summary>
internal static class VaultCalls
{
    public const string KeyVault = "Key Vault";
    public const string CredentialTable = "The credential table";

    /// <param name="service">Who answered, for the message: <see cref="KeyVault"/> or <see cref="CredentialTable"/>.</param>
    public static async Task<T> RunAsync<T>(
        Func<Task<T>> call, string service, string operation, string subject, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Unavailable(service, operation, subject, $"{e.Status} ({e.ErrorCode ?? "no error code"})", logger);
        }
        catch (AuthenticationFailedException)
        {
            throw Unavailable(service, operation, subject, "no token (the identity could not authenticate)", logger);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The pipeline's network timeout, not the caller's cancellation.
            throw Unavailable(service, operation, subject, "nothing in time (network timeout)", logger);
        }
        catch (AggregateException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The retry policy gave up: it aggregates each attempt's failure. Only the last one's kind is told.
            var tries = e.InnerExceptions.Count;
            var answer = e.InnerExceptions.LastOrDefault() switch
            {
                RequestFailedException last => $"{last.Status} ({last.ErrorCode ?? "no error code"}) after {tries} tries",
                OperationCanceledException => $"nothing in time (network timeout) after {tries} tries",
                var last => $"no answer ({last?.GetType().Name}) after {tries} tries",
            };
            throw Unavailable(service, operation, subject, answer, logger);
        }
    }

    private static CredentialVaultUnavailableException Unavailable(
        string service, string operation, string subject, string answer, ILogger logger)
    {
        logger.LogWarning("{Service}: the {Operation} of {Subject} failed: {Answer}", service, operation, subject, answer);
        return new CredentialVaultUnavailableException($"{service} answered {answer} to the {operation} of {subject}.");
    }
}
