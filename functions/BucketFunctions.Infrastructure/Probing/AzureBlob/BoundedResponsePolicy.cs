using Azure.Core;
using Azure.Core.Pipeline;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// Caps a response body before Azure.Core buffers it: placed just before the transport, it reads the body up to
/// <paramref name="maxBytes"/> and hands the rest of the pipeline that copy. A larger body is an
/// <see cref="InvalidDataException"/>: an answer not understood, not a network failure.
/// </summary>
internal sealed class BoundedResponsePolicy(int maxBytes) : HttpPipelinePolicy
{
    /// <remarks>Checks call only the asynchronous client methods, so the synchronous pipeline is never run.</remarks>
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("Credential checks call the Blob service asynchronously.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (message.Response.ContentStream is not { } body)
        {
            return;
        }

        await using (body.ConfigureAwait(false))
        {
            var bytes = await ProviderHttp.ReadBoundedAsync(body, maxBytes, message.CancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("The provider's answer is larger than any answer a check reads.");
            message.Response.ContentStream = new MemoryStream(bytes, writable: false);
        }
    }
}
