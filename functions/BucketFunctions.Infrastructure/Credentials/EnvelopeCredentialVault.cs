using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.TableStorage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Credentials as AES-256-GCM ciphertext in a table (see <see cref="EnvelopeCipher"/>): one entity per credential version,
/// in the organization's partition (<see cref="TableKey.Encode"/> of its id) under <c>&lt;bucket id "N"&gt;|&lt;version&gt;</c>,
/// the version a new GUID ("N") per put (rows written before versions have the bucket id alone). Key and secret
/// are sealed together as JSON <c>{"key":…,"secret":…}</c>; the entity holds only OrganizationId, KeyId, Nonce,
/// Ciphertext, Tag and CreatedAt. The plaintext buffers this class owns are zeroed after use (strings, being
/// immutable, cannot be). A table failure on write is a <see cref="CredentialVaultUnavailableException"/>.
/// </summary>
public sealed class EnvelopeCredentialVault(
    TableClient table, EnvelopeCipher cipher, TimeProvider? timeProvider = null, ILogger<EnvelopeCredentialVault>? logger = null)
    : ICredentialVault, ICredentialInventory, IReencryptableVault
{
    internal const string OrganizationIdProperty = "OrganizationId";
    internal const string KeyIdProperty = "KeyId";
    internal const string NonceProperty = "Nonce";
    internal const string CiphertextProperty = "Ciphertext";
    internal const string TagProperty = "Tag";
    internal const string CreatedAtProperty = "CreatedAt";
    private const char VersionSeparator = '|';

    // What a re-encryption page token is checked against: the one query it continues (every row of this table).
    private const string ReencryptionScope = "credentials\nreencrypt";

    private readonly TableClient table = table ?? throw new ArgumentNullException(nameof(table));
    private readonly EnvelopeCipher cipher = cipher ?? throw new ArgumentNullException(nameof(cipher));
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly ILogger logger = logger ?? NullLogger<EnvelopeCredentialVault>.Instance;

    /// <summary>Seals the credential and writes it as a new version (a new row); the bucket's other versions are untouched.</summary>
    public async Task<string> PutAsync(CredentialScope scope, StorageCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var sealedEntry = SealAndZero(scope, CredentialPayload.ToUtf8(credential));
        var version = scope with { Version = Guid.NewGuid().ToString("N") };
        var entity = ToEntity(version, sealedEntry, clock.GetUtcNow());
        await VaultCalls.RunAsync(
            () => table.AddEntityAsync(entity, cancellationToken), VaultCalls.CredentialTable, "write",
            $"the credential of bucket {scope.BucketId:N}", logger, cancellationToken).ConfigureAwait(false);
        return version.Version!;
    }

    /// <summary>The version the scope names (without one, the bucket's pre-version row); null when it has no such row.</summary>
    /// <exception cref="CryptographicException">The entry names an unconfigured key, is malformed, was altered, or belongs to another scope.</exception>
    public async Task<StorageCredential?> GetAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var entity = await VaultCalls.RunAsync(
            () => table.FindAsync(PartitionKey(scope), RowKey(scope), cancellationToken), VaultCalls.CredentialTable,
            "read", $"the credential of bucket {scope.BucketId:N}", logger, cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }

        var plaintext = cipher.Open(scope, Ciphertext(entity));
        try
        {
            return CredentialPayload.Parse(plaintext, scope);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Destroys every row of the bucket, versioned or not; false when it had none.</summary>
    public Task<bool> DeleteAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", PartitionKey(scope)), TableOData.StartsWith("RowKey", scope.BucketId.ToString("N")));
        return VaultCalls.RunAsync(
            async () =>
            {
                var deleted = false;
                var rows = table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    deleted |= await DeleteRowAsync(row.PartitionKey, row.RowKey, cancellationToken).ConfigureAwait(false);
                }

                return deleted;
            },
            VaultCalls.CredentialTable, "delete", $"the credentials of bucket {scope.BucketId:N}", logger, cancellationToken);
    }

    /// <summary>Destroys the one row the scope names (without a version, the pre-version row); false when there was none.</summary>
    public Task<bool> DiscardVersionAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return VaultCalls.RunAsync(
            () => DeleteRowAsync(PartitionKey(scope), RowKey(scope), cancellationToken), VaultCalls.CredentialTable,
            "discard", $"a credential version of bucket {scope.BucketId:N}", logger, cancellationToken);
    }

    /// <summary>Every entry's scope and creation time; rows that are not entries of ours are skipped.</summary>
    public async IAsyncEnumerable<CredentialEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = table.QueryAsync<TableEntity>(
            select: ["PartitionKey", "RowKey", OrganizationIdProperty, CreatedAtProperty], cancellationToken: cancellationToken);
        await foreach (var entity in rows.ConfigureAwait(false))
        {
            if (Scope(entity) is { } scope)
            {
                // An entry without a creation time never looks old enough to sweep.
                yield return new CredentialEntry(scope, entity.GetDateTimeOffset(CreatedAtProperty) ?? DateTimeOffset.MaxValue);
            }
        }
    }

    /// <summary>
    /// Rewrites a page of entries under the active key. Each rewrite is conditional on the row's ETag, so an entry
    /// replaced meanwhile (necessarily under the active key) is left alone. CreatedAt is kept, so the sweep still sees
    /// the entry's real age. An entry that cannot be opened is counted as failed and left as it is.
    /// </summary>
    public async Task<ReencryptionPage> ReencryptPageAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? continuation = null;
        if (continuationToken is not null && !PageToken.TryOpen(continuationToken, ReencryptionScope, out continuation))
        {
            throw new InvalidContinuationTokenException();
        }

        var top = Math.Min(pageSize, 1000);
        var page = await table.QueryAsync<TableEntity>(maxPerPage: top, cancellationToken: cancellationToken)
            .AsPages(continuation, top).FirstAsync(cancellationToken).ConfigureAwait(false);
        int reencrypted = 0, current = 0, failed = 0;
        foreach (var entity in page.Values)
        {
            switch (await ReencryptOneAsync(entity, cancellationToken).ConfigureAwait(false))
            {
                case true: reencrypted++; break;
                case false: current++; break;
                default: failed++; break;
            }
        }

        var next = page.ContinuationToken is { } resume ? PageToken.Seal(resume, ReencryptionScope) : null;
        return new ReencryptionPage(page.Values.Count, reencrypted, current, failed, next);
    }

    internal static string PartitionKey(CredentialScope scope) => TableKey.Encode(scope.OrganizationId);

    /// <summary>The bucket id ("N"), then <c>|</c> and the version; the bucket id alone for a row written before versions.</summary>
    internal static string RowKey(CredentialScope scope) =>
        scope.Version is null ? scope.BucketId.ToString("N") : scope.BucketId.ToString("N") + VersionSeparator + scope.Version;

    /// <summary>True: moved to the active key; false: already under it (or replaced meanwhile); null: could not be opened.</summary>
    private async Task<bool?> ReencryptOneAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        if (Scope(entity) is not { } scope)
        {
            return null;
        }

        var entry = Ciphertext(entity);
        if (string.Equals(entry.KeyId, cipher.ActiveKeyId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] plaintext;
        try
        {
            plaintext = cipher.Open(scope, entry);
        }
        catch (CryptographicException)
        {
            logger.LogWarning(
                "Re-encryption could not open the credential of bucket {BucketId} (key id {KeyId})", scope.BucketId, entry.KeyId);
            return null;
        }

        var resealed = SealAndZero(scope, plaintext);
        var createdAt = entity.GetDateTimeOffset(CreatedAtProperty) ?? clock.GetUtcNow();
        try
        {
            var rewritten = ToEntity(scope, resealed, createdAt);
            await table.UpdateEntityAsync(rewritten, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsStale())
        {
            return false;  // deleted or rewritten meanwhile: either way nothing under the old key is left in this row
        }
    }

    /// <summary>Seals the plaintext and zeroes it, also when sealing fails.</summary>
    private EnvelopeCiphertext SealAndZero(CredentialScope scope, byte[] plaintext)
    {
        try
        {
            return cipher.Seal(scope, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The SDK answers a missing row's delete with its 404 response, not an exception: that is "nothing deleted".</summary>
    private async Task<bool> DeleteRowAsync(string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        (await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken).ConfigureAwait(false)).Status != 404;

    private static TableEntity ToEntity(CredentialScope scope, EnvelopeCiphertext sealedEntry, DateTimeOffset createdAt) =>
        new(PartitionKey(scope), RowKey(scope))
        {
            [OrganizationIdProperty] = scope.OrganizationId,
            [KeyIdProperty] = sealedEntry.KeyId,
            [NonceProperty] = sealedEntry.Nonce,
            [CiphertextProperty] = sealedEntry.Ciphertext,
            [TagProperty] = sealedEntry.Tag,
            [CreatedAtProperty] = createdAt,
        };

    private static EnvelopeCiphertext Ciphertext(TableEntity entity) => new(
        entity.GetString(KeyIdProperty) ?? string.Empty,
        entity.GetBinary(NonceProperty) ?? [],
        entity.GetBinary(CiphertextProperty) ?? [],
        entity.GetBinary(TagProperty) ?? []);

    /// <summary>
    /// The scope a row belongs to: the organization id it carries (or, for rows written before that property existed,
    /// its decoded partition key), the bucket id of its row key and the version after it (none for a pre-version row).
    /// Null for a row that is not an entry of ours.
    /// </summary>
    private static CredentialScope? Scope(TableEntity entity)
    {
        var organizationId = entity.GetString(OrganizationIdProperty) ?? TableKey.TryDecode(entity.PartitionKey);
        var separator = entity.RowKey.IndexOf(VersionSeparator, StringComparison.Ordinal);
        var bucketPart = separator < 0 ? entity.RowKey : entity.RowKey[..separator];
        var version = separator < 0 ? null : entity.RowKey[(separator + 1)..];
        return organizationId is { Length: > 0 }
            && entity.PartitionKey == TableKey.Encode(organizationId)
            && Guid.TryParseExact(bucketPart, "N", out var bucketId)
            && version is not ""
                ? new CredentialScope(organizationId, bucketId, version)
                : null;
    }
}
