using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Health;

/// <summary>
/// The credential vault answers a read of an entry that never exists (null), whichever mode is configured: a table
/// read in Envelope mode, a Key Vault secret read in KeyVault mode. An unreachable vault throws.
/// </summary>
public sealed class CredentialVaultHealthCheck(ICredentialVault vault) : IHealthCheck
{
    private static readonly CredentialScope Probe = new("health", Guid.Empty);

    public string Name => "credentialVault";

    public Task CheckAsync(CancellationToken cancellationToken) => vault.GetAsync(Probe, cancellationToken);
}
