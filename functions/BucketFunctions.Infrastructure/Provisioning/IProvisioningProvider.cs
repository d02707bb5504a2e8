using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>
/// One provider's bucket creation, registered in DI; <see cref="BucketProvisioner"/> sends each request to the one of its
/// storage type. Built on <see cref="ProvisionSteps"/>, so every provider creates, applies and rolls back the same way.
/// </summary>
public interface IProvisioningProvider
{
    StorageType StorageType { get; }

    Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken);

    Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken);

    Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken);

    Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken);
}
