using Azure.Core;
using Azure.Core.Pipeline;
using BucketFunctions.Infrastructure.Probing.AzureBlob;

namespace BucketFunctions.Testing.Emulators;

/// <summary>Blob containers in the shared Azurite, made and listed through Shared Key signed requests (Azurite checks them).</summary>
public static class AzuriteBlobs
{
    public static async Task<string> CreateContainerAsync(this Azurite azurite, string? name = null)
    {
        name ??= "probe-" + Guid.NewGuid().ToString("N")[..16];
        using var message = await SendAsync(RequestMethod.Put, $"{azurite.BlobEndpoint}/{name}?restype=container");
        if (message.Response.Status != 201)
        {
            throw new InvalidOperationException($"Azurite answered {message.Response.Status} to creating container {name}.");
        }

        return name;
    }

    public static async Task<string> ListBlobsAsync(this Azurite azurite, string container)
    {
        using var message = await SendAsync(RequestMethod.Get, $"{azurite.BlobEndpoint}/{container}?restype=container&comp=list");
        return message.Response.Status == 200
            ? message.Response.Content.ToString()
            : throw new InvalidOperationException($"Azurite answered {message.Response.Status} to listing container {container}.");
    }

    private static async Task<HttpMessage> SendAsync(RequestMethod method, string url)
    {
        var pipeline = HttpPipelineBuilder.Build(new BlobProbeClientOptions(new HttpClient()), [],
            [new BlobSharedKeyPolicy(Azurite.AccountName, Convert.FromBase64String(Azurite.AccountKey))], new ResponseClassifier());
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(url));
        message.Request.Headers.SetValue("x-ms-version", BlobProbeClientOptions.ServiceVersion);
        await pipeline.SendAsync(message, CancellationToken.None);
        return message;
    }
}
