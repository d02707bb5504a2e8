using Xunit;

namespace BucketFunctions.Testing.Emulators;

/// <summary>Class fixture handing a test class the process-wide Azurite.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? azurite;

    public Azurite Azurite => azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => azurite = await Azurite.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
