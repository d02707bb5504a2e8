using System.Globalization;
using System.Text;

namespace BucketFunctions.Api.Tests.Corpus;

/// <summary>
/// One corpus request as its file holds it (the format is described in README.md next to the files): a header of
/// <c># name: value</c> lines, the request line, request headers, a blank line and the body.
/// </summary>
public sealed record CorpusFile(
    string RelativePath,
    string About,
    int? Status,
    string? Code,
    IReadOnlySet<string>? Fields,
    bool BodyEscapes,
    bool RawSocket,
    string? KnownIssue,
    string Method,
    string Target,
    IReadOnlyList<(string Name, string Value)> Headers,
    string? Body)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>True for <c># expect: 2xx</c>: the request must succeed (and what it created is removed again).</summary>
    public bool ExpectsSuccess => Status is null;

    /// <summary>Every corpus file, as paths relative to <see cref="Folder"/> with forward slashes, in a stable order.</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Folder, "*.http", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static CorpusFile Load(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(Folder, relativePath), Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? about = null;
        var i = 0;
        for (; i < lines.Length && (lines[i].StartsWith('#') || lines[i].Length == 0); i++)
        {
            var line = lines[i].TrimStart('#').Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon] : string.Empty;
            if (name is "expect" or "body-escapes" or "transport" or "known-issue")
            {
                meta[name] = line[(colon + 1)..].Trim();
            }
            else if (line.Length > 0)
            {
                about ??= line;
            }
        }

        var requestLine = lines[i].Split(' ', 2);
        var headers = new List<(string, string)>();
        for (i++; i < lines.Length && lines[i].Length > 0; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            headers.Add((lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
        }

        string? body = null;
        if (i < lines.Length)
        {
            body = string.Join('\n', lines[(i + 1)..]);
            body = body.EndsWith('\n') ? body[..^1] : body;  // the newline that ends the file is not part of the body
        }

        if (!meta.TryGetValue("expect", out var expect))
        {
            throw new InvalidDataException($"{relativePath} has no '# expect:' line.");
        }

        var parts = expect.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int? status = parts[0] == "2xx" ? null : int.Parse(parts[0], CultureInfo.InvariantCulture);
        var code = parts.Length > 1 && parts[1] != "-" ? parts[1] : null;
        var fields = parts.Length > 2 ? parts[2].Split(',').ToHashSet(StringComparer.Ordinal) : null;
        var raw = meta.TryGetValue("transport", out var transport) && transport == "raw-socket";
        if (status is not null && code is null && !raw)
        {
            throw new InvalidDataException($"{relativePath}: only a raw-socket case may expect a status without a problem code.");
        }

        return new CorpusFile(relativePath, about ?? relativePath, status, code, fields,
            meta.TryGetValue("body-escapes", out var escapes) && escapes == "true", raw, meta.GetValueOrDefault("known-issue"),
            requestLine[0], requestLine[1].Trim(), headers, body);
    }

    /// <summary>The body as bytes: UTF-8, with <c>\xHH</c> turned into that byte when the file says <c># body-escapes: true</c>.</summary>
    public static byte[] Encode(string body, bool escapes)
    {
        if (!escapes)
        {
            return Encoding.UTF8.GetBytes(body);
        }

        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 3 < body.Length && body[i + 1] == 'x'
                && byte.TryParse(body.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                bytes.Add(value);
                i += 3;
            }
            else
            {
                var end = char.IsHighSurrogate(body[i]) && i + 1 < body.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(body.Substring(i, end)));
                i += end - 1;
            }
        }

        return [.. bytes];
    }

    public override string ToString() => RelativePath;
}
