using Azure.Storage.Blobs;

namespace BucketFunctions.Testing.Emulators;

/// <summary>Blob containers in the shared Azurite, made and listed with the Blob SDK over Shared Key (Azurite checks it).</summary>
public static class AzuriteBlobs
{
    public static async Task<string> CreateContainerAsync(this Azurite azurite, string? name = null)
    {
        name ??= "probe-" + Guid.NewGuid().ToString("N")[..16];
        await Service(azurite).CreateBlobContainerAsync(name);
        return name;
    }

    /// <summary>The names of the container's blobs, one a line.</summary>
    public static async Task<string> ListBlobsAsync(this Azurite azurite, string container)
    {
        var names = new List<string>();
        await foreach (var blob in Service(azurite).GetBlobContainerClient(container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return string.Join('\n', names);
    }

    private static BlobServiceClient Service(Azurite azurite) => new(azurite.ConnectionString);
}
