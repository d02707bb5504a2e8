using BucketFunctions.Core;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;
using BucketFunctions.Infrastructure.Probing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>The app's registrations: one provider per storage type, one shared guarded stack, the dispatcher over them.</summary>
public sealed class ProbeRegistrationTests
{
    [Fact]
    public void Every_storage_type_has_exactly_one_registered_provider_sharing_one_guarded_stack()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddBucketFunctionsCore(configuration)
            .AddBucketFunctionsInfrastructure(configuration)
            .BuildServiceProvider();

        var providers = services.GetServices<IStorageProvider>().ToList();

        Assert.Equal(Enum.GetValues<StorageType>().Order(), providers.Select(p => p.StorageType).Order());
        Assert.IsType<StorageProbe>(services.GetRequiredService<IStorageProbe>());
        Assert.Same(services.GetRequiredService<ProviderHttp>(), services.GetRequiredService<ProviderHttp>());
        Assert.Same(services.GetRequiredService<EndpointGuard>(), services.GetRequiredService<ProviderHttp>().Guard);
    }
}
