using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Registration;

/// <summary>
/// Validates a bucket body for every route that takes one (create, update, both validations). A body with
/// <c>apiKeyUuid</c> uses a stored provider key's credential in place of key and secret: the key must be one the caller
/// may see, for the body's storage type; its endpoint and region apply where the body gives none. The bucket rules then
/// judge the body so completed, and every broken field is reported at once, <c>apiKeyUuid</c> included.
/// </summary>
public sealed class BucketBodyCheck(BucketRegistrationValidator validator, ProviderKeyAccess keys, ICredentialVault vault)
{
    /// <param name="secretIsStored">The body's secret is the one already stored with the bucket (see the validator).</param>
    public async Task<Result<CheckedBucketBody>> CheckAsync(
        Caller caller, BucketRegistrationInput input, bool secretIsStored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var body = input;
        ProviderKey? key = null;
        FieldError? keyError = null;
        if (input.ApiKeyUuid is not null)
        {
            try
            {
                (body, key, keyError) = await ResolveAsync(caller, input, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialVaultUnavailableException)
            {
                return BucketFailures.VaultUnavailable();
            }
        }

        var validation = validator.Validate(body, secretIsStored || key is not null);
        if (keyError is null && validation.IsValid)
        {
            return new CheckedBucketBody(validation.Value!, key);
        }

        var errors = validation.Errors.Where(e => keyError is null || e.Field != RegistrationFields.ApiKeyUuid).ToList();
        errors.AddIfAny(keyError);

        return Failure.Validation(errors);
    }

    private async Task<(BucketRegistrationInput Body, ProviderKey? Key, FieldError? Error)> ResolveAsync(
        Caller caller, BucketRegistrationInput input, CancellationToken cancellationToken)
    {
        if (input.Key is not null || input.Secret is not null)
        {
            return (input, null, new FieldError(RegistrationFields.ApiKeyUuid,
                "apiKeyUuid stands in place of key and secret; send either apiKeyUuid or key and secret."));
        }

        if (!ResourceIds.TryParse(input.ApiKeyUuid, out _))
        {
            return (input, null, new FieldError(RegistrationFields.ApiKeyUuid,
                "The apiKeyUuid must be a provider key's id, as POST /apikeys answered it."));
        }

        // A rotation that commits between reading the key and reading its credential discards the version read: read once more.
        for (var read = 1; ; read++)
        {
            var key = await keys.FindOrNullAsync(caller, input.ApiKeyUuid!, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return (input, null, ProviderKeyFailures.Unknown());
            }

            if (StorageTypeNames.TryParse(input.StorageType, out var type, out var spelling) && type != key.StorageType)
            {
                return (input, null, new FieldError(RegistrationFields.ApiKeyUuid,
                    $"This provider key is for {key.ProviderName} ({key.StorageType.ToWireName()}); it cannot open a {spelling} bucket."));
            }

            var credential = await vault.GetAsync(key.CredentialScope(), cancellationToken).ConfigureAwait(false);
            if (credential is not null)
            {
                return (input with
                {
                    Key = credential.Key,
                    Secret = credential.Secret,
                    Endpoint = input.Endpoint ?? key.Endpoint,
                    Region = input.Region ?? key.Region,
                }, key, null);
            }

            if (read == 2)
            {
                return (input, null, new FieldError(RegistrationFields.ApiKeyUuid,
                    "This provider key's credential could not be found; update the key with its key and secret."));
            }
        }
    }
}

/// <summary>A bucket body that passed every rule, and the provider key whose credential it uses, as read (null: its own).</summary>
public sealed record CheckedBucketBody(BucketRegistration Registration, ProviderKey? Key);
