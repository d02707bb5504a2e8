using BucketFunctions.Core.Credentials;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>
/// The credential sweep on a timer: the same Core service the local host runs in the background. The schedule is the
/// NCRONTAB expression in setting <c>Vault:Sweep:Schedule</c> (app setting <c>Vault__Sweep__Schedule</c>), which the
/// host resolves from configuration. The service logs its counts; nothing else is logged here.
/// </summary>
public sealed class CredentialSweepFunction(CredentialSweepService sweep)
{
    [Function("CredentialSweep")]
    public Task Run([TimerTrigger("%Vault:Sweep:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.SweepAsync(cancellationToken);
}
