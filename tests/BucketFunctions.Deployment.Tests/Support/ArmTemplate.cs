using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BucketFunctions.Deployment.Tests.Support;

/// <summary>
/// infra/main.bicep as Azure receives it: the ARM JSON the Bicep CLI compiles it to (the CLI is a PackageDownload of
/// this project; its path is baked in as assembly metadata), each module a nested deployment with its own template.
/// Expressions are followed, not evaluated: <see cref="Expand(Module, JsonElement)"/> writes a value as one expression
/// over main's parameters, so a test can see where a value comes from across modules.
/// </summary>
internal sealed partial class ArmTemplate
{
    private static readonly Lazy<ArmTemplate> Compiled = new(() => new ArmTemplate(Compile(Repo.MainBicep)));

    private ArmTemplate(JsonElement root)
    {
        Root = root;
        Modules = WithNested(new Module("main", root, null, default)).ToList();
        Resources = Modules.SelectMany(m => m.ResourceElements().Select(r => new ArmResource(this, m, r))).ToList();
    }

    public static ArmTemplate Main => Compiled.Value;

    public JsonElement Root { get; }

    /// <summary>Main and every nested deployment, depth first.</summary>
    public IReadOnlyList<Module> Modules { get; }

    /// <summary>Every resource of every module, the module deployments themselves included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// Every app setting the deployment gives a function app, by name, as an expanded expression: the properties of each
    /// <c>sites/config</c> named appsettings and each site's <c>siteConfig.appSettings</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> AppSettings()
    {
        var settings = OfType("Microsoft.Web/sites/config")
            .Where(c => c.Name.EndsWith(", 'appsettings')", StringComparison.Ordinal))
            .SelectMany(c => c.Json.GetProperty("properties").EnumerateObject()
                .Select(p => KeyValuePair.Create(p.Name, Expand(c.Module, p.Value))));
        var inline = OfType("Microsoft.Web/sites")
            .Where(s => s.TryGet(out var list, "properties", "siteConfig", "appSettings") && list.ValueKind == JsonValueKind.Array)
            .SelectMany(s => s.Json.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
                .Select(e => KeyValuePair.Create(e.GetProperty("name").GetString()!, Expand(s.Module, e.GetProperty("value")))));
        return settings.Concat(inline).ToList();
    }

    /// <summary>Every string in the template, property names included: where a key, SAS or list call would show.</summary>
    public static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    /// <summary>A value of <paramref name="module"/>'s template written as one expression over main's parameters.</summary>
    public string Expand(Module module, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Expand(module, value.GetString()!),
        JsonValueKind.Object => "createObject("
            + string.Join(", ", value.EnumerateObject().Select(p => $"{Expand(module, p.Name)}, {Expand(module, p.Value)}")) + ")",
        JsonValueKind.Array => "createArray(" + string.Join(", ", value.EnumerateArray().Select(v => Expand(module, v))) + ")",
        _ => value.GetRawText(),
    };

    /// <summary>A string of <paramref name="module"/>'s template (a literal, or an expression in brackets), expanded.</summary>
    public string Expand(Module module, string value)
    {
        if (value.StartsWith("[[", StringComparison.Ordinal))
        {
            value = value[1..]; // A literal that starts with '[', escaped.
        }
        else if (value.StartsWith('[') && value.EndsWith(']'))
        {
            return ExpandExpression(module, value[1..^1]);
        }

        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// Replaces, left to right and outside string literals, a module output the expression reads
    /// (<c>reference(...'Microsoft.Resources/deployments', 'name'...).outputs.x.value</c>), <c>parameters('x')</c> of a
    /// nested module and <c>variables('x')</c> by what they stand for, each already expanded in its own module.
    /// </summary>
    private string ExpandExpression(Module module, string text)
    {
        var expanded = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                var end = EndOfLiteral(text, i);
                expanded.Append(text, i, end - i);
                i = end;
            }
            else if (ModuleOutput(module, text, i) is { } output)
            {
                expanded.Append(output.Expression);
                i = output.End;
            }
            else if ((i == 0 || !char.IsLetterOrDigit(text[i - 1])) && Lookup().Match(text, i) is { Success: true } lookup)
            {
                expanded.Append(ExpandLookup(module, lookup));
                i += lookup.Length;
            }
            else
            {
                expanded.Append(text[i++]);
            }
        }

        return expanded.ToString();
    }

    private (string Expression, int End)? ModuleOutput(Module module, string text, int start)
    {
        if (string.CompareOrdinal(text, start, "reference(", 0, "reference(".Length) != 0)
        {
            return null;
        }

        var close = ClosingParenthesis(text, start + "reference".Length);
        var deployment = DeploymentName().Match(text[start..close]);
        var output = OutputRead().Match(text, close + 1);
        if (!deployment.Success || !output.Success)
        {
            return null;
        }

        var nested = Modules.Single(m => ReferenceEquals(m.Caller, module) && m.Name == deployment.Groups["name"].Value);
        var value = nested.Template.GetProperty("outputs").GetProperty(output.Groups["output"].Value).GetProperty("value");
        return (Expand(nested, value), output.Index + output.Length);
    }

    private string ExpandLookup(Module module, Match lookup)
    {
        var name = lookup.Groups["name"].Value;
        var path = lookup.Groups["path"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries);
        (Module Module, JsonElement Value)? source = lookup.Groups["kind"].Value switch
        {
            "variables" => (module, module.Template.GetProperty("variables").GetProperty(name)),
            _ when module.Caller is not null && module.Parameters.TryGetProperty(name, out var given) =>
                (module.Caller, given.GetProperty("value")),
            _ when module.Caller is not null
                && module.Template.GetProperty("parameters").GetProperty(name).TryGetProperty("defaultValue", out var d) => (module, d),
            _ => null,
        };
        if (source is not { } found)
        {
            return lookup.Value; // A parameter of main: the deployment's input.
        }

        // Follows a property path through an object written out in the template (roles.storageBlobDataOwner).
        var value = found.Value;
        var walked = 0;
        while (walked < path.Length && value.ValueKind == JsonValueKind.Object && value.TryGetProperty(path[walked], out var next))
        {
            value = next;
            walked++;
        }

        return Expand(found.Module, value) + string.Concat(path.Skip(walked).Select(p => "." + p));
    }

    private static int EndOfLiteral(string text, int open)
    {
        var i = open + 1;
        while (i < text.Length)
        {
            if (text[i] == '\'' && (i + 1 == text.Length || text[i + 1] != '\''))
            {
                return i + 1;
            }

            i += text[i] == '\'' ? 2 : 1;
        }

        throw new FormatException($"Unterminated string in '{text}'.");
    }

    private static int ClosingParenthesis(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'':
                    i = EndOfLiteral(text, i) - 1;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i;
            }
        }

        throw new FormatException($"Unbalanced parentheses in '{text}'.");
    }

    private static IEnumerable<Module> WithNested(Module module) =>
        module.ResourceElements()
            .Where(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
            .SelectMany(r => WithNested(new Module(
                r.GetProperty("name").GetString()!,
                r.GetProperty("properties").GetProperty("template"),
                module,
                r.GetProperty("properties").TryGetProperty("parameters", out var p) ? p : default)))
            .Prepend(module);

    private static JsonElement Compile(string relativePath)
    {
        var bicep = typeof(ArmTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        if (!File.Exists(bicep))
        {
            throw new InvalidOperationException(
                $"No Bicep CLI at {bicep}. It is a PackageDownload of this project: build it (dotnet build) to restore it.");
        }

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "build", "--stdout", Repo.PathOf(relativePath) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {relativePath} exited with {process.ExitCode}:\n{errors.Result}");
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"\G(?<kind>parameters|variables)\('(?<name>[^']+)'\)(?<path>(?:\.\w+)*)")]
    private static partial Regex Lookup();

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '(?<name>[^']+)'\)")]
    private static partial Regex DeploymentName();

    [GeneratedRegex(@"\G\.outputs\.(?<output>\w+)\.value")]
    private static partial Regex OutputRead();

    /// <summary>A template: main, or a module's nested template with the parameter values its caller passes.</summary>
    public sealed class Module(string name, JsonElement template, Module? caller, JsonElement parameters)
    {
        public string Name => name;

        public JsonElement Template => template;

        public Module? Caller => caller;

        public JsonElement Parameters => parameters;

        public IEnumerable<JsonElement> ResourceElements() =>
            Template.GetProperty("resources") is var resources && resources.ValueKind == JsonValueKind.Array
                ? resources.EnumerateArray()
                : resources.EnumerateObject().Select(p => p.Value);
    }
}

/// <summary>One resource of the compiled template; <see cref="Name"/> and <see cref="Get"/> give expanded expressions.</summary>
internal sealed record ArmResource(ArmTemplate Template, ArmTemplate.Module Module, JsonElement Json)
{
    public string Type => Json.GetProperty("type").GetString()!;

    public string Name => Template.Expand(Module, Json.GetProperty("name"));

    /// <summary>The expression <c>resourceId(type, name)</c> that names a top-level resource, expanded.</summary>
    public string Id => $"resourceId('{Type}', {Name})";

    public string ApiVersion => Json.GetProperty("apiVersion").GetString()!;

    public string? Condition => Json.TryGetProperty("condition", out var c) ? Template.Expand(Module, c) : null;

    /// <summary>The value at a property path, expanded; null where the path is absent.</summary>
    public string? Get(params string[] path) => TryGet(out var value, path) ? Template.Expand(Module, value) : null;

    /// <summary>The raw JSON at a property path (a literal stays a literal: <c>false</c>, not <c>'false'</c>).</summary>
    public JsonElement? Raw(params string[] path) => TryGet(out var value, path) ? value : null;

    public override string ToString() => $"{Type} {Name}";

    public bool TryGet(out JsonElement value, params string[] path)
    {
        value = Json;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }

        return true;
    }
}
