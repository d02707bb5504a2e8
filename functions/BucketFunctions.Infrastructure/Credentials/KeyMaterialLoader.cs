using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Idempotency;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Builds the credential vault and the idempotency fingerprint while the host starts. Both may read a Key Vault secret
/// (the envelope key set, the fingerprint key); a wrong secret name, a missing permission or a malformed value then stops
/// the start with a message naming the setting, instead of failing the first request that needs it with a 500.
/// </summary>
internal sealed class KeyMaterialLoader(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ICredentialVault>();
        _ = services.GetRequiredService<IdempotencyFingerprint>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
