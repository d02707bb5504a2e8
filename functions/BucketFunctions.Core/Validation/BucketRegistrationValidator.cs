using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// Checks a bucket body (<c>POST /bucket</c>, <c>POST /bucket/validate</c>, or a change merged over a stored bucket)
/// and reports every broken field at once, at most one error per field, in body order.
/// </summary>
public sealed class BucketRegistrationValidator
{
    private readonly EndpointOptions endpoints;
    private readonly TimeProvider time;

    public BucketRegistrationValidator(EndpointOptions endpoints)
        : this(endpoints, TimeProvider.System)
    {
    }

    /// <summary><paramref name="time"/> decides whether an Azure SAS token has expired.</summary>
    public BucketRegistrationValidator(EndpointOptions endpoints, TimeProvider time)
    {
        this.endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <param name="secretIsStored">The secret is the one stored with the bucket, not sent by the caller: an expired SAS
    /// token is then the bucket's state, which a rename or a move must not be refused for.</param>
    public ValidationResult<BucketRegistration> Validate(BucketRegistrationInput input, bool secretIsStored = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();

        // The storage type decides the bucket, key, secret and region rules, so parse it first (reported in body order below).
        StorageType? type = null;
        var spelling = string.Empty;
        var storageTypeError = RegistrationFields.Required(RegistrationFields.StorageType);
        if (!string.IsNullOrEmpty(input.StorageType))
        {
            storageTypeError = StorageTypeRules.Check(input.StorageType, out var parsed, out spelling);
            type = storageTypeError is null ? parsed : null;
        }

        var name = string.Empty;
        errors.AddIfAny(input.Name is null
            ? RegistrationFields.Required(RegistrationFields.Name)
            : DisplayNameRules.Check(input.Name, out name));

        errors.AddIfAny(string.IsNullOrEmpty(input.Bucket)
            ? RegistrationFields.Required(RegistrationFields.Bucket)
            : BucketFieldRules.Check(type, input.Bucket));

        errors.AddIfAny(storageTypeError);

        // With apiKeyUuid the credential is the provider key's, filled in once the key is read (BucketBodyCheck): when it
        // could not be, that refusal names apiKeyUuid, and key and secret are not asked for.
        ServiceAccountKey? serviceAccount = null;
        var credentialElsewhere = input.ApiKeyUuid is not null && input.Key is null && input.Secret is null;
        if (!credentialElsewhere)
        {
            var (keyError, secretError) = CredentialRules.Check(
                type, input.Key, input.Secret, secretIsStored ? null : time, out serviceAccount);
            errors.AddIfAny(keyError);
            errors.AddIfAny(secretError);
        }

        if (input.Region is not null)
        {
            errors.AddIfAny(RegionRules.Check(type, hasEndpoint: !string.IsNullOrEmpty(input.Endpoint), input.Region));
        }

        Uri? endpoint = null;
        if (input.Endpoint is not null)
        {
            errors.AddIfAny(EndpointRules.Check(input.Endpoint, endpoints, out endpoint));
        }

        errors.AddIfAny(string.IsNullOrEmpty(input.WorkspaceId)
            ? RegistrationFields.Required(RegistrationFields.WorkspaceId)
            : IdentifierRules.Check(input.WorkspaceId));

        string? walletAddress = null;
        if (input.WalletAddress is not null)
        {
            errors.AddIfAny(WalletAddressRules.Check(input.WalletAddress, out walletAddress));
        }

        Provisioning.ProvisionSettings? provision = null;
        if (input.Provision is not null)
        {
            var provisionCheck = Provisioning.ProvisionRules.Check(input.Provision, type);
            errors.AddRange(provisionCheck.Errors);
            provision = provisionCheck.Value;
        }

        if (credentialElsewhere && errors.Count == 0)
        {
            errors.Add(new FieldError(
                RegistrationFields.ApiKeyUuid, "The provider key's credential could not be read; send key and secret instead."));
        }

        if (errors.Count > 0)
        {
            return ValidationResult<BucketRegistration>.Invalid(errors);
        }

        return ValidationResult<BucketRegistration>.Valid(new BucketRegistration(
            name,
            input.Bucket!,
            type!.Value,
            new StorageCredential(input.Key!, input.Secret!),
            input.Region,
            endpoint,
            input.WorkspaceId!)
        {
            StorageTypeName = spelling,
            WalletAddress = walletAddress,
            ServiceAccount = serviceAccount,
            Provision = provision,
        });
    }
}
