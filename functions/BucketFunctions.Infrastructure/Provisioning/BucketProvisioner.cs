using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>
/// The app's <see cref="IBucketProvisioner"/>: sends each request to the <see cref="IProvisioningProvider"/> of its storage
/// type; a type without one is refused as <see cref="ProvisionOutcome.OptionNotSupported"/> before anything is created.
/// </summary>
public sealed class BucketProvisioner : IBucketProvisioner
{
    private readonly Dictionary<StorageType, IProvisioningProvider> providers;

    public BucketProvisioner(IEnumerable<IProvisioningProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        this.providers = providers.ToDictionary(p => p.StorageType);
    }

    public Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return providers.TryGetValue(request.StorageType, out var provider)
            ? provider.CreateAsync(request, cancellationToken)
            : Task.FromResult(NotSupported(request));
    }

    public Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return providers.TryGetValue(request.StorageType, out var provider)
            ? provider.DeleteAsync(request, cancellationToken)
            : Task.FromResult(NotSupported(request));
    }

    public Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return providers.TryGetValue(request.StorageType, out var provider)
            ? provider.ReadAsync(request, cancellationToken)
            : Task.FromResult(NotSupported(request));
    }

    public Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return providers.TryGetValue(request.StorageType, out var provider)
            ? provider.UpdateAsync(request, change, cancellationToken)
            : Task.FromResult(NotSupported(request));
    }

    private static ProvisionResult NotSupported(ProvisionRequest request) =>
        new(ProvisionOutcome.OptionNotSupported,
            $"Creating {request.StorageType.ToWireName()} buckets is not supported yet; create it at the provider and register it "
            + "without provision.", ProvisionRules.Field);
}
