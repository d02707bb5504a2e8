using System.Net.Http.Headers;
using System.Text.Json;
using BucketFunctions.Core.Results;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Http;

/// <summary>
/// Reads a request body the strict way: only application/json (415), at most 64 KiB (413), valid JSON whose root is
/// an object, and no key given twice anywhere, since a duplicated key hides which value wins (400). Error messages
/// never quote the body: it may hold a secret.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 32 };
    private static readonly JsonDocumentOptions Lenient = new() { AllowDuplicateProperties = true, MaxDepth = 32 };

    /// <summary>
    /// Reads the body as a JSON object's fields; a refusal names why (415, 413, or 400 malformed). An
    /// <paramref name="optional"/> body may be left out: no bytes at all, whatever the content type says, reads as null.
    /// </summary>
    public static async Task<Result<JsonFields?>> ReadAsync(HttpRequest request, bool optional, CancellationToken cancellationToken)
    {
        if (optional && request.ContentLength == 0)
        {
            return (JsonFields?)null;
        }

        var isJson = IsJson(request.ContentType);
        if (!isJson && !optional)
        {
            return UnsupportedMediaType();
        }

        if (request.ContentLength > MaxBytes)
        {
            return TooLarge();
        }

        byte[] buffer;
        try
        {
            buffer = await ReadAtMostAsync(request.Body, MaxBytes + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // Kestrel reports some broken framing (a chunk size that overflows) as a plain IOException: still the
            // client's fault, so hand it to the pipeline the way the server's own refusals arrive.
            throw new BadHttpRequestException("The request body's HTTP framing is broken.", StatusCodes.Status400BadRequest, e);
        }

        if (buffer.Length > MaxBytes)
        {
            return TooLarge();
        }

        if (optional && buffer.Length == 0)
        {
            return (JsonFields?)null;
        }

        if (!isJson)
        {
            return UnsupportedMediaType();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer, Strict);
        }
        catch (JsonException e)
        {
            return Malformed(DuplicateKeyIn(buffer) is { } key
                ? $"The key '{key}' appears more than once; send each field once."
                : $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check decodes every key while parsing; a key that is not valid text (say "\ud800") throws here.
            return InvalidText();
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Malformed("The body must be a JSON object.");
            }

            return HoldsOnlyValidText(document.RootElement)
                ? new JsonFields(document.RootElement.Clone(), buffer)
                : InvalidText();
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        && (media.CharSet is null || string.Equals(media.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while (buffer.Length < limit && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The parser defers decoding strings, so a lone <c>\ud800</c> or invalid UTF-8 inside a string only fails when
    /// the value is read. Decode every key and string once here, so no handler meets it later.
    /// </summary>
    private static bool HoldsOnlyValidText(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.Object => element.EnumerateObject().All(p => p.Name is not null && HoldsOnlyValidText(p.Value)),
                JsonValueKind.Array => element.EnumerateArray().All(HoldsOnlyValidText),
                JsonValueKind.String => element.GetString() is not null,
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Names the first key given twice in any object, when that is why the strict parse failed.</summary>
    private static string? DuplicateKeyIn(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Lenient);
            return FirstDuplicate(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;  // not valid JSON or not valid text either: the generic message will do
        }
    }

    private static string? FirstDuplicate(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1)?.Key
            ?? element.EnumerateObject().Select(p => FirstDuplicate(p.Value)).FirstOrDefault(d => d is not null),
        JsonValueKind.Array => element.EnumerateArray().Select(FirstDuplicate).FirstOrDefault(d => d is not null),
        _ => null,
    };

    private static Failure InvalidText() =>
        Malformed("The body holds text that is not valid Unicode (a lone surrogate escape or invalid UTF-8).");

    private static Failure UnsupportedMediaType() =>
        new(FailureKind.UnsupportedMediaType, "Unsupported media type", "Send the body as application/json (UTF-8).");

    internal static Failure TooLarge() =>
        new(FailureKind.PayloadTooLarge, "Payload too large", $"The body may be at most {MaxBytes / 1024} KiB.");

    private static Failure Malformed(string detail) => new(FailureKind.MalformedRequest, "Malformed request", detail);
}
