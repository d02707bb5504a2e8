using System.Text.Json;
using Azure;
using Azure.Core;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>Reads the Table service's error body (<c>{"odata.error":{"code":…,"message":{"value":…}}}</c>) into Azure.Core's error model.</summary>
internal sealed class TableErrorParser : RequestFailedDetailsParser
{
    public static readonly TableErrorParser Instance = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        error = null;
        var code = response.Headers.TryGetValue("x-ms-error-code", out var headerCode) ? headerCode : null;
        string? message = null;
        try
        {
            var content = response.Content;
            if (content is not null && content.ToMemory().Length > 0)
            {
                (code, message) = Read(content.ToMemory().Span, code);
            }
        }
        catch (JsonException)
        {
            // Not a JSON error body (e.g. an XML one from a proxy): keep the header code.
        }

        if (code is null && message is null)
        {
            return false;
        }

        error = new ResponseError(code, message ?? response.ReasonPhrase);
        return true;
    }

    /// <summary>Parses an error body; used for batch parts as well as whole responses.</summary>
    internal static (string? Code, string? Message) Read(ReadOnlySpan<byte> json, string? fallbackCode)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("odata.error", out var odataError))
        {
            return (fallbackCode, null);
        }

        var code = odataError.TryGetProperty("code", out var c) ? c.GetString() : fallbackCode;
        var message = odataError.TryGetProperty("message", out var m)
            ? (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString())
            : null;
        return (code, message);
    }
}
