using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// The JSON names of the provider-key body (<see cref="ProviderKeyInput"/>), in the order of Flashback's
/// <c>CreateProviderApiKeyRequest</c>. The fields a bucket body has too are spelled as there.
/// </summary>
public static class ProviderKeyFields
{
    public const string Key = RegistrationFields.Key;
    public const string Secret = RegistrationFields.Secret;
    public const string Endpoint = RegistrationFields.Endpoint;
    public const string Region = RegistrationFields.Region;
    public const string Provider = "provider";
    public const string Description = "description";
    public const string WorkspaceId = RegistrationFields.WorkspaceId;

    /// <summary>Every field of the create and update bodies, in body order.</summary>
    public static IReadOnlyList<string> All { get; } = [Key, Secret, Endpoint, Region, Provider, Description, WorkspaceId];

    /// <summary>The fields a create must give, as Flashback's client marks them.</summary>
    public static IReadOnlyList<string> RequiredOnCreate { get; } = [Key, Secret, Provider, WorkspaceId];

    /// <summary>The fields a change may remove by sending them as JSON null.</summary>
    public static IReadOnlySet<string> Clearable { get; } = new HashSet<string>(StringComparer.Ordinal) { Endpoint, Region, Description };
}
