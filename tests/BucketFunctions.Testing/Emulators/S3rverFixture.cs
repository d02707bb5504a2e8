using Xunit;

namespace BucketFunctions.Testing.Emulators;

/// <summary>Class fixture handing a test class the process-wide s3rver.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private S3rver? s3rver;

    public S3rver S3rver => s3rver ?? throw new InvalidOperationException("s3rver has not started.");

    public async Task InitializeAsync() => s3rver = await S3rver.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
