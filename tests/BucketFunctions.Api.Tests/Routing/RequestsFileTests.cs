using System.Text.Json;
using System.Text.RegularExpressions;
using BucketFunctions.Api.Routing;

namespace BucketFunctions.Api.Tests.Routing;

/// <summary>The walkthrough in <c>requests.http</c> covers every route of the table, and every request in it is one of them.</summary>
public sealed partial class RequestsFileTests
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    [Fact]
    public void Every_request_matches_one_route_and_every_route_is_walked()
    {
        var requests = Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "requests.http")));

        var walked = requests.Select(r =>
        {
            var route = RouteFallback.Route(r.Method, r.Path);
            Assert.True(route is not null, $"{r.Method} /{r.Path} matches no route");
            return route;
        }).ToList();

        Assert.Empty(ApiRoutes.All.Except(walked).Select(r => r.Name));
    }

    [Fact]
    public void Every_body_is_a_json_object_and_every_request_with_one_says_so()
    {
        foreach (var request in Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "requests.http"))).Where(r => r.Body.Length > 0))
        {
            using var document = JsonDocument.Parse(request.Body);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            Assert.Contains("Content-Type: application/json", request.Headers);
        }
    }

    /// <summary>Requests are separated by <c>###</c>; a request is a method line, headers, a blank line and an optional body.</summary>
    private static List<(string Method, string Path, List<string> Headers, string Body)> Parse(string text)
    {
        var requests = new List<(string, string, List<string>, string)>();
        foreach (var block in text.Split("###").Skip(1))
        {
            var lines = block.Split('\n').Select(l => l.TrimEnd('\r')).Skip(1)
                .Where(l => !l.StartsWith('#') && !l.StartsWith('@')).ToList();
            var start = lines.FindIndex(l => Methods.Any(m => l.StartsWith(m + " ", StringComparison.Ordinal)));
            Assert.True(start >= 0, "A block without a request: " + block);
            var parts = lines[start].Split(' ');
            var path = Variable().Replace(new Uri(parts[1].Replace("{{api}}", "http://localhost", StringComparison.Ordinal)).AbsolutePath, "x").Trim('/');
            var blank = lines.FindIndex(start, l => l.Length == 0);
            var headers = blank < 0 ? lines.Skip(start + 1).ToList() : lines.Skip(start + 1).Take(blank - start - 1).ToList();
            var body = blank < 0 ? string.Empty : string.Join('\n', lines.Skip(blank + 1)).Trim();
            requests.Add((parts[0], path, headers, Variable().Replace(body, "x")));
        }

        return requests;
    }

    [GeneratedRegex(@"\{\{[^}]+\}\}")]
    private static partial Regex Variable();
}
