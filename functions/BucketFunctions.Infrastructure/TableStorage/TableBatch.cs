using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// The wire format of an entity group transaction: a multipart/mixed batch holding one changeset of HTTP requests,
/// and the matching multipart response. Kept apart from <see cref="TableClient"/> because it is pure text work.
/// </summary>
internal static partial class TableBatch
{
    public static (byte[] Body, string ContentType) Write(Uri tableUri, IReadOnlyList<TableTransactionAction> actions)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("D");
        var changeset = "changeset_" + Guid.NewGuid().ToString("D");
        var text = new StringBuilder();
        text.Append("--").Append(batch).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");

        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var (method, uri, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableUri.AbsoluteUri, null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", EntityUri(tableUri, action.Entity), IfMatch(action.ETag), true),
                TableTransactionActionType.UpdateReplace => ("PUT", EntityUri(tableUri, action.Entity), IfMatch(action.ETag), true),
                TableTransactionActionType.UpsertMerge => ("MERGE", EntityUri(tableUri, action.Entity), null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", EntityUri(tableUri, action.Entity), null, true),
                TableTransactionActionType.Delete => ("DELETE", EntityUri(tableUri, action.Entity), IfMatch(action.ETag), false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions)),
            };

            text.Append("--").Append(changeset).Append("\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n")
                .Append("Content-ID: ").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n")
                .Append(method).Append(' ').Append(uri).Append(" HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\n")
                .Append("DataServiceVersion: 3.0;\r\n");
            if (ifMatch is not null)
            {
                text.Append("If-Match: ").Append(ifMatch).Append("\r\n");
            }

            if (hasBody)
            {
                text.Append("Content-Type: application/json\r\n")
                    .Append("Prefer: return-no-content\r\n\r\n")
                    .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(action.Entity))).Append("\r\n");
            }
            else
            {
                text.Append("\r\n");
            }
        }

        text.Append("--").Append(changeset).Append("--\r\n")
            .Append("--").Append(batch).Append("--\r\n");
        return (Encoding.UTF8.GetBytes(text.ToString()), "multipart/mixed; boundary=" + batch);
    }

    /// <summary>
    /// Reads the per-operation responses. A refused changeset comes back as one error response whose message starts
    /// with the failing operation's index ("2:The specified entity already exists.").
    /// </summary>
    public static IReadOnlyList<TableOperationResult> Read(string body, int operationCount)
    {
        var parts = ReadParts(body);
        var failure = parts.FindIndex(p => p.Status >= 400);
        if (failure >= 0)
        {
            var part = parts[failure];
            string? code = null;
            string? message = null;
            try
            {
                (code, message) = TableErrorParser.Read(Encoding.UTF8.GetBytes(part.Body), null);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON: keep the status alone.
            }

            throw new TableTransactionFailedException(
                part.Status,
                $"The transaction was refused ({part.Status} {code}): {FirstLine(message)}",
                code,
                FailedIndex(message, part.ContentId, parts.Count == operationCount ? failure : null));
        }

        if (parts.Count != operationCount)
        {
            throw new RequestFailedException(0, $"The transaction response held {parts.Count} results for {operationCount} operations.");
        }

        return parts.Select(p => new TableOperationResult(p.Status, p.ETag)).ToList();
    }

    private static List<(int Status, ETag ETag, string? ContentId, string Body)> ReadParts(string body)
    {
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var parts = new List<(int, ETag, string?, string)>();
        string? contentId = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("--", StringComparison.Ordinal))
            {
                contentId = null;
                continue;
            }

            if (!lines[i].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                contentId = HeaderValue(lines[i], "Content-ID") ?? contentId;
                continue;
            }

            var status = int.Parse(lines[i].AsSpan(9, 3), CultureInfo.InvariantCulture);
            ETag etag = default;
            for (i++; i < lines.Length && lines[i].Length > 0; i++)
            {
                if (HeaderValue(lines[i], "ETag") is { } value)
                {
                    etag = new ETag(value);
                }

                contentId = HeaderValue(lines[i], "Content-ID") ?? contentId;
            }

            var content = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                content.Append(lines[i]).Append('\n');
            }

            i--;
            parts.Add((status, etag, contentId, content.ToString().Trim()));
        }

        return parts;
    }

    private static int? FailedIndex(string? message, string? contentId, int? position)
    {
        var prefix = message is null ? null : IndexPrefix().Match(message);
        if (prefix is { Success: true })
        {
            return int.Parse(prefix.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return int.TryParse(contentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : position;
    }

    private static string EntityUri(Uri tableUri, TableEntity entity) =>
        tableUri.AbsoluteUri + TableClient.EntityPath(entity.PartitionKey, entity.RowKey);

    private static string IfMatch(ETag etag) => etag == default ? "*" : etag.ToString();

    private static string? HeaderValue(string line, string name)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase) ? line[(colon + 1)..].Trim() : null;
    }

    private static string FirstLine(string? message) => message?.Split('\n')[0].Trim() ?? "no detail";

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();
}
