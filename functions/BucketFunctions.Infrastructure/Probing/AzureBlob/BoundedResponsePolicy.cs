using Azure.Core;
using Azure.Core.Pipeline;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// Caps a response body before Azure.Core buffers it: placed just before the transport, it refuses an announced
/// <c>Content-Length</c> over the cap and wraps the body so that reading past the cap fails. The failure is an
/// <see cref="InvalidDataException"/> — an answer not understood, not a network failure.
/// </summary>
internal sealed class BoundedResponsePolicy(int maxBytes) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Bound(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Bound(message);
    }

    private void Bound(HttpMessage message)
    {
        var response = message.Response;
        if (response.Headers.ContentLength is > 0 and var length && length > maxBytes)
        {
            response.ContentStream?.Dispose();
            throw TooLarge();
        }

        if (response.ContentStream is { } body)
        {
            response.ContentStream = new BoundedStream(body, maxBytes);
        }
    }

    private static InvalidDataException TooLarge() => new("The provider's answer is larger than any answer a check reads.");

    /// <summary>A read-only view of a body that fails once more than the cap has been read.</summary>
    private sealed class BoundedStream(Stream inner, long maxBytes) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int bytes)
        {
            read += bytes;
            return read > maxBytes ? throw TooLarge() : bytes;
        }
    }
}
