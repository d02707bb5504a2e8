using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Validation;

/// <summary>A bucket body that passed every rule, normalized (trimmed, storage type parsed, endpoint parsed).</summary>
public sealed record BucketRegistration(
    string Name,
    string BucketName,
    StorageType StorageType,
    StorageCredential Credential,
    string? Region,
    Uri? Endpoint,
    string WorkspaceId)
{
    /// <summary>The storage type as the client spelled it (<c>BLOB</c> or <c>AZURE</c> for Azure), upper case.</summary>
    public string StorageTypeName { get; init; } = StorageType.ToWireName();

    public string? WalletAddress { get; init; }

    /// <summary>The secret read as a GCS service-account key file; null for any other secret.</summary>
    public ServiceAccountKey? ServiceAccount { get; init; }

    /// <summary>The bucket is to be created at the provider with these settings first; null: it must exist already.</summary>
    public Provisioning.ProvisionSettings? Provision { get; init; }

    /// <summary>What to create at the provider (only when <see cref="Provision"/> is set).</summary>
    public Provisioning.ProvisionRequest ToProvisionRequest() =>
        new(StorageType, BucketName, Region, Endpoint, Credential, Provision ?? throw new InvalidOperationException("Nothing to provision."))
        {
            ServiceAccount = ServiceAccount,
        };

    /// <summary>What to prove at the provider before this registration (or change) may be saved.</summary>
    public Probing.ProbeRequest ToProbeRequest(bool checkWrite = false) =>
        new(StorageType, BucketName, Region, Endpoint, Credential, checkWrite) { ServiceAccount = ServiceAccount };
}
