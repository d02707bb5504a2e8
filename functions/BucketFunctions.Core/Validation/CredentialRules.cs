using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// <c>key</c> and <c>secret</c> together, as every body that carries a credential checks them (a bucket's, a provider
/// key's): each required, each by the storage type's rules, and a GCS service-account key's e-mail matched to its file.
/// </summary>
public static class CredentialRules
{
    /// <param name="time">Decides whether a SAS token has expired; null for a secret stored earlier (see <see cref="SecretRules"/>).</param>
    /// <param name="serviceAccount">The secret read as a GCS service-account key file; null for any other secret.</param>
    public static (FieldError? Key, FieldError? Secret) Check(
        StorageType? type, string? key, SecretString? secret, TimeProvider? time, out ServiceAccountKey? serviceAccount)
    {
        serviceAccount = null;
        var secretError = secret is null || secret.Length == 0
            ? RegistrationFields.Required(RegistrationFields.Secret)
            : SecretRules.Check(type, secret, time, out serviceAccount);
        var keyError = string.IsNullOrEmpty(key)
            ? RegistrationFields.Required(RegistrationFields.Key)
            : KeyRules.Check(type, key) ?? (serviceAccount is null ? null : KeyRules.CheckServiceAccountEmail(key, serviceAccount));
        return (keyError, secretError);
    }
}
