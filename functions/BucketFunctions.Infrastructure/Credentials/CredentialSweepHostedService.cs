using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>Runs <see cref="CredentialSweepService"/> every <see cref="CredentialSweepOptions.Interval"/> in the local host.</summary>
public sealed class CredentialSweepHostedService(
    CredentialSweepService sweep,
    IOptions<CredentialSweepOptions> options,
    TimeProvider time,
    ILogger<CredentialSweepHostedService> logger) : PeriodicJobService("Credential sweep", options.Value.Interval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.SweepAsync(cancellationToken);
}
