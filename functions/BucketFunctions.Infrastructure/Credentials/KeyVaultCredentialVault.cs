using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;
using BucketFunctions.Core.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// One Key Vault secret per bucket (<see cref="KeyVaultSecretNames.ForBucket"/>), value <c>{"key":…,"secret":…}</c>,
/// content type <c>application/json</c>, tagged with its organization and bucket id. Every put writes a new version and
/// returns its id; a bucket reads exactly its version, and a discarded version is disabled.
/// A read checks the organization tag, so an entry never opens for another organization. Delete is Key Vault's soft
/// delete, followed by a purge when <see cref="KeyVaultOptions.PurgeOnDelete"/> allows it. Throttling is the client's
/// retry policy (see <see cref="KeyVaultClients"/>); every other failure is a
/// <see cref="CredentialVaultUnavailableException"/> naming status and error code only.
/// </summary>
public sealed class KeyVaultCredentialVault(SecretClient client, IOptions<VaultOptions> options, ILogger<KeyVaultCredentialVault> logger)
    : ICredentialVault, ICredentialInventory, IReencryptableVault
{
    public const string ContentType = "application/json";
    public const string OrganizationTag = "organization";
    public const string BucketTag = "bucket";

    private readonly SecretClient client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>Writes a new version of the bucket's secret and returns Key Vault's id for it.</summary>
    public async Task<string> PutAsync(CredentialScope scope, StorageCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(credential);
        var secret = new KeyVaultSecret(KeyVaultSecretNames.ForBucket(scope.BucketId), CredentialPayload.ToJson(credential));
        secret.Properties.ContentType = ContentType;
        secret.Properties.Tags[OrganizationTag] = scope.OrganizationId;
        secret.Properties.Tags[BucketTag] = scope.BucketId.ToString("N");
        var written = await VaultCalls.RunAsync(
            () => client.SetSecretAsync(secret, cancellationToken),
            VaultCalls.KeyVault, "write", Subject(scope), logger, cancellationToken).ConfigureAwait(false);
        if (written.Value.Properties.Version is { } version)
        {
            return version;
        }

        // Logged here like every other vault failure (VaultCalls), so callers need not log it again.
        logger.LogWarning("{Service}: the write of {Subject} named no version", VaultCalls.KeyVault, Subject(scope));
        throw new CredentialVaultUnavailableException($"Key Vault named no version for the write of {Subject(scope)}.");
    }

    /// <summary>
    /// The version the scope names (without one, the latest); null when there is none, when it was discarded (disabled),
    /// or when the secret is tagged for another organization.
    /// </summary>
    public async Task<StorageCredential?> GetAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var name = KeyVaultSecretNames.ForBucket(scope.BucketId);
        var secret = await RunOrAbsentAsync(
            async () => (KeyVaultSecret?)(await client.GetSecretAsync(name, scope.Version, cancellationToken).ConfigureAwait(false)).Value,
            e => e.Status == 404 || IsDisabled(e), null, "read", Subject(scope), cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            return null;
        }

        if (!secret.Properties.Tags.TryGetValue(OrganizationTag, out var owner)
            || !string.Equals(owner, scope.OrganizationId, StringComparison.Ordinal))
        {
            logger.LogWarning(
                "The secret of bucket {BucketId} is not tagged for organization {OrganizationId}; treated as absent",
                scope.BucketId, scope.OrganizationId);
            return null;
        }

        return CredentialPayload.Parse(Encoding.UTF8.GetBytes(secret.Value ?? string.Empty), scope);
    }

    /// <summary>
    /// Disables the version the scope names: Key Vault cannot delete one version, and a disabled one cannot be read.
    /// False when it does not exist, or when the scope names no version (the secret as a whole goes with
    /// <see cref="DeleteAsync"/>).
    /// </summary>
    public async Task<bool> DiscardVersionAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Version is null)
        {
            return false;
        }

        var name = KeyVaultSecretNames.ForBucket(scope.BucketId);
        var properties = new SecretProperties(new Uri(client.VaultUri, $"secrets/{name}/{scope.Version}")) { Enabled = false };
        return await RunOrAbsentAsync(
            async () =>
            {
                await client.UpdateSecretPropertiesAsync(properties, cancellationToken).ConfigureAwait(false);
                return true;
            },
            IsNotFound, false, "discard", Subject(scope) + " (one version)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Soft-deletes the bucket's secret, then purges it when allowed. False when it had none.</summary>
    public async Task<bool> DeleteAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var name = KeyVaultSecretNames.ForBucket(scope.BucketId);
        var operation = await RunOrAbsentAsync<DeleteSecretOperation?>(
            async () => await client.StartDeleteSecretAsync(name, cancellationToken).ConfigureAwait(false),
            IsNotFound, null, "delete", Subject(scope), cancellationToken).ConfigureAwait(false);
        if (operation is null)
        {
            return false;
        }

        if (options.Value.KeyVault.PurgeOnDelete)
        {
            await PurgeAsync(operation, scope, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Every bucket secret, from its name and tags, as one entry for all its versions (Key Vault lists secrets without
    /// versions; a replaced version is disabled as it is replaced). Secrets that are not a bucket's are skipped.
    /// </summary>
    public async IAsyncEnumerable<CredentialEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await ListPageAsync(continuation, null, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    /// <summary>Key Vault encrypts secrets itself and has no envelope key of ours: every entry is already current.</summary>
    public async Task<ReencryptionPage> ReencryptPageAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        if (continuationToken is not null && !IsOwnNextLink(continuationToken))
        {
            throw new Core.Buckets.InvalidContinuationTokenException();
        }

        var page = await ListPageAsync(continuationToken, pageSize, cancellationToken).ConfigureAwait(false);
        return new ReencryptionPage(page.Entries.Count, 0, page.Entries.Count, 0, page.ContinuationToken);
    }

    private async Task<(List<CredentialEntry> Entries, string? ContinuationToken)> ListPageAsync(
        string? continuation, int? pageSize, CancellationToken cancellationToken)
    {
        return await VaultCalls.RunAsync(
            async () =>
            {
                var page = await client.GetPropertiesOfSecretsAsync(cancellationToken).AsPages(continuation, pageSize)
                    .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                return (page?.Values.Select(Entry).OfType<CredentialEntry>().ToList() ?? [], page?.ContinuationToken);
            },
            VaultCalls.KeyVault, "listing", "the bucket secrets", logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The entry a secret stands for; null when its name or tags are not a bucket's.</summary>
    private static CredentialEntry? Entry(SecretProperties properties)
    {
        if (!KeyVaultSecretNames.TryParseBucket(properties.Name, out var bucketId)
            || !properties.Tags.TryGetValue(OrganizationTag, out var organizationId)
            || string.IsNullOrEmpty(organizationId))
        {
            return null;
        }

        // A secret without a creation time never looks old enough to sweep.
        return new CredentialEntry(new CredentialScope(organizationId, bucketId), properties.CreatedOn ?? DateTimeOffset.MaxValue, AllVersions: true);
    }

    /// <summary>
    /// Purges a deleted secret once its deletion has completed (Key Vault refuses a purge before). Best effort: the
    /// secret is already deleted, and Key Vault purges it when its retention ends, so a refusal (say, a vault with
    /// purge protection or an identity without the purge permission) is logged and the delete still counts.
    /// </summary>
    private async Task PurgeAsync(DeleteSecretOperation operation, CredentialScope scope, CancellationToken cancellationToken)
    {
        try
        {
            await VaultCalls.RunAsync(
                async () =>
                {
                    await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                    var name = KeyVaultSecretNames.ForBucket(scope.BucketId);
                    return await client.PurgeDeletedSecretAsync(name, cancellationToken).ConfigureAwait(false);
                },
                VaultCalls.KeyVault, "purge", Subject(scope), logger, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialVaultUnavailableException)
        {
            // Already logged with status and code; the soft-deleted secret expires on its own.
        }
    }

    /// <summary>
    /// A Key Vault call through <see cref="VaultCalls.RunAsync"/>; an answer <paramref name="isAbsent"/> takes for "no such
    /// secret" is <paramref name="absent"/>.
    /// </summary>
    private Task<T> RunOrAbsentAsync<T>(
        Func<Task<T>> call, Func<RequestFailedException, bool> isAbsent, T absent, string operation, string subject,
        CancellationToken cancellationToken) =>
        VaultCalls.RunAsync(
            async () =>
            {
                try
                {
                    return await call().ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (isAbsent(e))
                {
                    return absent;
                }
            },
            VaultCalls.KeyVault, operation, subject, logger, cancellationToken);

    private static bool IsNotFound(RequestFailedException e) => e.Status == 404;

    /// <summary>Key Vault's answer to a read of a disabled version: 403 with the inner code <c>SecretDisabled</c>.</summary>
    private static bool IsDisabled(RequestFailedException e) =>
        e.Status == 403 && e.Message.Contains("SecretDisabled", StringComparison.Ordinal);

    private bool IsOwnNextLink(string token) =>
        Uri.TryCreate(token, UriKind.Absolute, out var link)
        && string.Equals(link.Host, client.VaultUri.Host, StringComparison.OrdinalIgnoreCase);

    private static string Subject(CredentialScope scope) => $"the credential of bucket {scope.BucketId:N}";
}
