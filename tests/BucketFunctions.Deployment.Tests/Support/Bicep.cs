using System.Text.RegularExpressions;

namespace BucketFunctions.Deployment.Tests.Support;

/// <summary>
/// Just enough reading of Bicep text for the checks here (no compiler runs on this machine): object literals by brace
/// matching outside strings, resource blocks, and property values.
/// </summary>
internal static partial class Bicep
{
    public sealed record Resource(string Symbol, string Type, bool Existing, string? Condition, string Body, string File);

    /// <summary>The text between the braces of the object that starts at the first '{' at or after <paramref name="start"/>.</summary>
    public static string ObjectAt(string text, int start)
    {
        var open = text.IndexOf('{', start);
        if (open < 0)
        {
            throw new InvalidOperationException("No object follows.");
        }

        var depth = 0;
        var inString = false;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i = text.IndexOf('\n', i) is var end and >= 0 ? end : text.Length;
                continue;
            }

            switch (c)
            {
                case '\'':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when --depth == 0:
                    return text[(open + 1)..i];
            }
        }

        throw new InvalidOperationException("Unbalanced braces.");
    }

    /// <summary>The keys of the object literal assigned by <c>var {name} = {</c>, as written (top level only).</summary>
    public static IReadOnlyList<string> VariableObjectKeys(string text, string variable)
    {
        var declaration = Regex.Match(text, $@"^var\s+{Regex.Escape(variable)}\s*=\s*\{{", RegexOptions.Multiline);
        if (!declaration.Success)
        {
            throw new InvalidOperationException($"No 'var {variable} = {{' found.");
        }

        var body = ObjectAt(text, declaration.Index);
        return TopLevelEntries(body).Select(e => e.Key).ToList();
    }

    /// <summary>Top-level <c>key: value</c> entries of an object body (values on one line).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> TopLevelEntries(string body)
    {
        var entries = new List<KeyValuePair<string, string>>();
        var depth = 0;
        foreach (var rawLine in body.Split('\n'))
        {
            var line = StripComment(rawLine).Trim();
            if (depth == 0 && Entry().Match(line) is { Success: true } m)
            {
                entries.Add(new(m.Groups["key"].Value, m.Groups["value"].Value.Trim()));
            }

            depth += line.Count(c => c == '{') - line.Count(c => c == '}');
        }

        return entries;
    }

    public static IReadOnlyList<Resource> Resources(string file)
    {
        var text = File.ReadAllText(file);
        return ResourceHeader().Matches(text)
            .Select(m => new Resource(
                m.Groups["symbol"].Value,
                m.Groups["type"].Value,
                m.Groups["existing"].Success,
                m.Groups["condition"].Success ? m.Groups["condition"].Value : null,
                ObjectAt(text, m.Index + m.Length - 1),
                Repo.Relative(file)))
            .ToList();
    }

    /// <summary>The one-line value of a property anywhere in a block (first occurrence), or null.</summary>
    public static string? Property(string body, string name) =>
        Regex.Match(body, $@"^\s*{Regex.Escape(name)}\s*:\s*(?<value>.+?)\s*(//.*)?$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups["value"].Value
            : null;

    public static IEnumerable<string> Files() => Repo.Sources(Repo.Infra, "*.bicep");

    private static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i + 1 < line.Length; i++)
        {
            if (line[i] == '\'')
            {
                inString = !inString;
            }
            else if (!inString && line[i] == '/' && line[i + 1] == '/')
            {
                return line[..i];
            }
        }

        return line;
    }

    [GeneratedRegex(@"^'?(?<key>[A-Za-z_][\w.\-]*)'?\s*:\s*(?<value>.*)$")]
    private static partial Regex Entry();

    [GeneratedRegex(
        @"^resource\s+(?<symbol>\w+)\s+'(?<type>[^']+)'\s*(?<existing>existing\s*)?=\s*"
        + @"(?:if\s*\((?<condition>[^)]*(?:\([^)]*\))?[^)]*)\)\s*)?\{",
        RegexOptions.Multiline)]
    private static partial Regex ResourceHeader();
}
