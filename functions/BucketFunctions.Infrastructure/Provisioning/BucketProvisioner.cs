using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>
/// The app's <see cref="IBucketProvisioner"/>: sends each request to the <see cref="IProvisioningProvider"/> of its storage
/// type; a type without one is refused as <see cref="ProvisionOutcome.OptionNotSupported"/> before anything is created.
/// </summary>
public sealed class BucketProvisioner(IEnumerable<IProvisioningProvider> providers) : IBucketProvisioner
{
    private readonly Dictionary<StorageType, IProvisioningProvider> providers =
        (providers ?? throw new ArgumentNullException(nameof(providers))).ToDictionary(p => p.StorageType);

    public Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithProviderAsync(request, provider => provider.CreateAsync(request, cancellationToken));

    public Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithProviderAsync(request, provider => provider.DeleteAsync(request, cancellationToken));

    public Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithProviderAsync(request, provider => provider.ReadAsync(request, cancellationToken));

    public Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken) =>
        WithProviderAsync(request, provider => provider.UpdateAsync(request, change, cancellationToken));

    /// <summary>The call to the provider of the request's storage type; a type without one is refused.</summary>
    private Task<ProvisionResult> WithProviderAsync(ProvisionRequest request, Func<IProvisioningProvider, Task<ProvisionResult>> call)
    {
        ArgumentNullException.ThrowIfNull(request);
        return providers.TryGetValue(request.StorageType, out var provider)
            ? call(provider)
            : Task.FromResult(NotSupported(request));
    }

    private static ProvisionResult NotSupported(ProvisionRequest request) =>
        new(ProvisionOutcome.OptionNotSupported,
            $"Creating {request.StorageType.ToWireName()} buckets is not supported yet; create it at the provider and register it "
            + "without provision.", ProvisionRules.Field);
}
