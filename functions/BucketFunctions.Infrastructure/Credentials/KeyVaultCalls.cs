using Azure;
using Azure.Identity;
using BucketFunctions.Core.Credentials;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Runs a Key Vault call and turns its failures into <see cref="CredentialVaultUnavailableException"/> carrying only
/// the status and error code. The SDK's own <see cref="RequestFailedException"/> message quotes the response content
/// (and its inner exceptions more), which for a secret write could echo the value, so neither it nor the exception is
/// logged or rethrown.
/// </summary>
internal static class KeyVaultCalls
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, string operation, string subject, ILogger logger)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Unavailable(operation, subject, $"{e.Status} ({e.ErrorCode ?? "no error code"})", logger);
        }
        catch (AuthenticationFailedException)
        {
            throw Unavailable(operation, subject, "no token (the identity could not authenticate)", logger);
        }
    }

    private static CredentialVaultUnavailableException Unavailable(string operation, string subject, string answer, ILogger logger)
    {
        logger.LogWarning("Key Vault {Operation} of {Subject} failed: {Answer}", operation, subject, answer);
        return new CredentialVaultUnavailableException($"Key Vault answered {answer} to the {operation} of {subject}.");
    }
}
