using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;
using F = BucketFunctions.Core.ProviderKeys.ProviderKeyFields;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// Checks a provider-key body (a create, or a change merged over a stored key) with the bucket body's own rules for
/// the fields they share — key, secret, endpoint and region judged for the storage type the provider names — and
/// reports every broken field at once, in body order.
/// </summary>
public sealed class ProviderKeyValidator(EndpointOptions endpoints, TimeProvider time)
{
    public const int MaxDescriptionLength = 200;

    /// <param name="secretIsStored">The secret is the one already stored: an expired SAS token is then the key's state.</param>
    public ValidationResult<ProviderKeyRegistration> Validate(ProviderKeyInput input, bool secretIsStored = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();

        StorageType? type = null;
        var spelling = string.Empty;
        var providerError = RegistrationFields.Required(F.Provider);
        if (!string.IsNullOrEmpty(input.Provider))
        {
            providerError = ProviderNames.TryParse(input.Provider, out var parsed, out spelling)
                ? null
                : new FieldError(F.Provider, $"The provider must be one of {string.Join(", ", ProviderNames.WireNames)}.");
            type = providerError is null ? parsed : null;
        }

        var (keyError, secretError) = CredentialRules.Check(type, input.Key, input.Secret, secretIsStored ? null : time, out _);
        errors.AddIfAny(keyError);
        errors.AddIfAny(secretError);

        Uri? endpoint = null;
        if (input.Endpoint is not null)
        {
            errors.AddIfAny(EndpointRules.Check(input.Endpoint, endpoints, out endpoint));
        }

        if (input.Region is not null)
        {
            errors.AddIfAny(RegionRules.Check(type, hasEndpoint: !string.IsNullOrEmpty(input.Endpoint), input.Region));
        }

        errors.AddIfAny(providerError);

        // An empty description is none; otherwise the display name's rules.
        string? description = null;
        if (!string.IsNullOrWhiteSpace(input.Description))
        {
            errors.AddIfAny(DisplayNameRules.CheckText(F.Description, input.Description, MaxDescriptionLength, out description));
        }

        errors.AddIfAny(string.IsNullOrEmpty(input.WorkspaceId)
            ? RegistrationFields.Required(F.WorkspaceId)
            : IdentifierRules.Check(input.WorkspaceId));

        if (errors.Count > 0)
        {
            return ValidationResult<ProviderKeyRegistration>.Invalid(errors);
        }

        return ValidationResult<ProviderKeyRegistration>.Valid(new ProviderKeyRegistration(
            spelling, type!.Value, new StorageCredential(input.Key!, input.Secret!), endpoint?.OriginalString.Trim(), input.Region,
            description, input.WorkspaceId!));
    }
}

/// <summary>A provider-key body that passed every rule: provider parsed, endpoint checked, description trimmed.</summary>
public sealed record ProviderKeyRegistration(
    string ProviderName,
    StorageType StorageType,
    StorageCredential Credential,
    string? Endpoint,
    string? Region,
    string? Description,
    string WorkspaceId)
{
    /// <summary>The key as this body describes it, over what a body does not say (its id, version, count, times).</summary>
    public ProviderKey Over(ProviderKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key with
        {
            WorkspaceId = WorkspaceId,
            ProviderName = ProviderName,
            Endpoint = Endpoint,
            Region = Region,
            Description = Description,
            KeyHint = KeyHint.For(Credential.Key),
        };
    }
}
