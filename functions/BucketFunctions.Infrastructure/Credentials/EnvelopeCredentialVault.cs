using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Credentials as AES-256-GCM ciphertext in a table (see <see cref="EnvelopeCipher"/>): one entity per bucket, in the
/// organization's partition (<see cref="TableKey.Encode"/> of its id) under the bucket id ("N" format). Key and secret
/// are sealed together as JSON <c>{"key":…,"secret":…}</c>; the entity holds only KeyId, Nonce, Ciphertext, Tag and
/// CreatedAt. The plaintext buffers this class owns are zeroed after use (strings, being immutable, cannot be).
/// </summary>
public sealed partial class EnvelopeCredentialVault(TableClient table, EnvelopeCipher cipher, TimeProvider? timeProvider = null) : ICredentialVault
{
    internal const string KeyIdProperty = "KeyId";
    internal const string NonceProperty = "Nonce";
    internal const string CiphertextProperty = "Ciphertext";
    internal const string TagProperty = "Tag";
    internal const string CreatedAtProperty = "CreatedAt";

    private readonly TableClient table = table ?? throw new ArgumentNullException(nameof(table));
    private readonly EnvelopeCipher cipher = cipher ?? throw new ArgumentNullException(nameof(cipher));
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    /// <summary>Seals the credential and writes it, replacing any entry the bucket had.</summary>
    public async Task PutAsync(CredentialScope scope, StorageCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(credential.Key);
        ArgumentNullException.ThrowIfNull(credential.Secret);

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new Payload(credential.Key, credential.Secret.Reveal()), PayloadJson.Default.Payload);
        EnvelopeCiphertext sealedEntry;
        try
        {
            sealedEntry = cipher.Seal(scope, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        var entity = new TableEntity(PartitionKey(scope), RowKey(scope))
        {
            [KeyIdProperty] = sealedEntry.KeyId,
            [NonceProperty] = sealedEntry.Nonce,
            [CiphertextProperty] = sealedEntry.Ciphertext,
            [TagProperty] = sealedEntry.Tag,
            [CreatedAtProperty] = clock.GetUtcNow(),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bucket's credential; null when it has no entry.</summary>
    /// <exception cref="CryptographicException">The entry names an unconfigured key, is malformed, was altered, or belongs to another scope.</exception>
    public async Task<StorageCredential?> GetAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var entity = await table.GetEntityIfExistsAsync(PartitionKey(scope), RowKey(scope), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }

        var entry = new EnvelopeCiphertext(
            entity.GetString(KeyIdProperty) ?? string.Empty,
            entity.GetBinary(NonceProperty) ?? [],
            entity.GetBinary(CiphertextProperty) ?? [],
            entity.GetBinary(TagProperty) ?? []);
        var plaintext = cipher.Open(scope, entry);
        try
        {
            Payload? payload;
            try
            {
                payload = JsonSerializer.Deserialize(plaintext, PayloadJson.Default.Payload);
            }
            catch (JsonException)
            {
                payload = null;
            }

            if (payload is not { Key: not null, Secret: not null })
            {
                // Authentic but not a payload we wrote: say so without echoing any of it.
                throw new CryptographicException($"The credential entry for bucket {scope.BucketId:N} decrypted to an unreadable payload.");
            }

            return new StorageCredential(payload.Key, new SecretString(payload.Secret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Destroys the bucket's entry; false when it had none.</summary>
    public Task<bool> DeleteAsync(CredentialScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return table.DeleteEntityAsync(PartitionKey(scope), RowKey(scope), cancellationToken: cancellationToken);
    }

    internal static string PartitionKey(CredentialScope scope) => TableKey.Encode(scope.OrganizationId);

    internal static string RowKey(CredentialScope scope) => scope.BucketId.ToString("N");

    internal sealed record Payload(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("secret")] string Secret);

    [JsonSerializable(typeof(Payload))]
    internal sealed partial class PayloadJson : JsonSerializerContext;
}
