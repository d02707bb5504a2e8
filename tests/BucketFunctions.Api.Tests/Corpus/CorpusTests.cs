using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Corpus;

/// <summary>
/// Runs every file under Corpus/ (one bad request each; README.md there describes the format) against one app, and
/// checks for each: the status and problem code the file expects (and the exact fields its errors name, when it
/// lists them), that the answer matches the OpenAPI document, that nothing logged an error, and that nothing was stored
/// — every table row and its ETag is as before. A <c>2xx</c> file may create a bucket; it is deleted again and the
/// organizations' counts must be as before.
/// </summary>
public sealed partial class CorpusTests(CorpusApp app) : IClassFixture<CorpusApp>
{
    public static IEnumerable<object[]> Files => CorpusFile.All().Select(f => new object[] { f });

    [Fact]
    public void The_corpus_has_a_file_for_every_route()
    {
        var folders = CorpusFile.All().Select(f => f.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var missing = Api.Routing.ApiRoutes.All.Select(r => r.Name).Where(name => !folders.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "No corpus folder for: " + string.Join(", ", missing));
        Assert.True(CorpusFile.All().Count() >= 200);
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public async Task Answers_as_the_file_expects_and_stores_nothing(string file)
    {
        var corpus = CorpusFile.Load(file);
        var rowsBefore = await app.RowsAsync();
        var storedBefore = (await app.StoredAsync(), await app.StoredAsync(app.OtherOrganizationId));
        ApiFactory[] hosts = [app.App, app.Kestrel];
        var responsesBefore = hosts.Select(h => h.Responses.Responses.Count).ToList();
        var logsBefore = hosts.Select(h => h.Logs.Lines.Count).ToList();

        var (status, contentType, body) = corpus.RawSocket ? await SendRawAsync(corpus) : await SendAsync(corpus);

        var errors = hosts.SelectMany((h, i) => h.Logs.Lines.Skip(logsBefore[i]))
            .Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        var label = $"{file} ({corpus.About}) answered {status}: {Shorten(body)}"
            + (errors.Count == 0 ? string.Empty : "\nlogged: " + string.Join("\n", errors.Select(e => Shorten(e, 1500))));
        Assert.True(status != 500, label);
        if (corpus.ExpectsSuccess)
        {
            Assert.True(status is >= 200 and < 300, label);
            await RemoveCreatedAsync(corpus, body);
            Assert.Equal(storedBefore, (await app.StoredAsync(), await app.StoredAsync(app.OtherOrganizationId)));
        }
        else
        {
            Assert.True(status == corpus.Status, label);
            if (corpus.Code is not null)
            {
                // Flashback's client reads an error only as application/json; problem+json is for those who ask for it.
                var askedForProblem = corpus.Headers.Any(h => h.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase)
                    && h.Value.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase));
                var expectedType = askedForProblem ? "application/problem+json" : "application/json";
                Assert.True(contentType == expectedType, $"{label}\ncontent type {contentType}");
                var problem = JsonNode.Parse(body)!.AsObject();
                Assert.True(problem["code"]?.GetValue<string>() == corpus.Code, label);
                Assert.False(problem["success"]!.GetValue<bool>());
                if (corpus.Fields is not null)
                {
                    var named = (problem["errors"]?.AsArray() ?? []).Select(e => e!["field"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    Assert.True(corpus.Fields.SetEquals(named), $"{label}\nexpected errors for {string.Join(",", corpus.Fields)}");
                }
            }

            Assert.Equal(rowsBefore, await app.RowsAsync());
        }

        var violations = hosts.SelectMany((h, i) => h.Responses.Responses.Skip(responsesBefore[i])).SelectMany(ContractSchema.Current.Check).ToList();
        Assert.True(violations.Count == 0, $"{label}\n{string.Join("\n", violations)}");
        Assert.True(errors.Count == 0, label);
    }

    private async Task<(int Status, string? ContentType, string Body)> SendAsync(CorpusFile corpus)
    {
        using var client = app.App.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(corpus.Method), Fill(corpus.Target));
        var contentHeaders = corpus.Headers.Where(h => h.Name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)).ToList();
        if (corpus.Body is not null || contentHeaders.Count > 0)
        {
            request.Content = new ByteArrayContent(CorpusFile.Encode(Fill(corpus.Body ?? string.Empty), corpus.BodyEscapes));
        }

        foreach (var (name, value) in corpus.Headers)
        {
            var added = contentHeaders.Contains((name, value))
                ? request.Content!.Headers.TryAddWithoutValidation(name, Fill(value))
                : request.Headers.TryAddWithoutValidation(name, Fill(value));
            Assert.True(added, $"{corpus.RelativePath}: the client refused header {name}");
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends the file over a socket to the Kestrel-hosted app: its lines end in CRLF, its body as written.</summary>
    private async Task<(int Status, string? ContentType, string Body)> SendRawAsync(CorpusFile corpus)
    {
        var head = new StringBuilder($"{corpus.Method} {Fill(corpus.Target)} HTTP/1.1\r\nHost: localhost\r\n");
        foreach (var (name, value) in corpus.Headers)
        {
            head.Append(name).Append(": ").Append(Fill(value)).Append("\r\n");
        }

        var body = CorpusFile.Encode(Fill(corpus.Body ?? string.Empty).Replace("\n", "\r\n", StringComparison.Ordinal), corpus.BodyEscapes);
        if (body.Length > 0 && !corpus.Headers.Any(h => h.Name is "Content-Length" or "Transfer-Encoding"))
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return await RawHttp.ExchangeAsync(RawHttp.PortOf(app.Kestrel), [.. Encoding.UTF8.GetBytes(head.ToString()), .. body]);
    }

    /// <summary>A <c>2xx</c> create must not stay: delete what it registered, so the counts compare as before.</summary>
    private async Task RemoveCreatedAsync(CorpusFile corpus, string body)
    {
        if (corpus.Method == "POST" && JsonNode.Parse(body)?["bucketId"]?.GetValue<string>() is { } created)
        {
            (await app.Owner.DeleteAsync($"/bucket/{created}")).EnsureSuccessStatusCode();
        }
    }

    private string Fill(string text) => Placeholder().Replace(text, match =>
    {
        var name = match.Groups[1].Value;
        if (name.StartsWith("pad:", StringComparison.Ordinal))
        {
            return new string('a', int.Parse(name[4..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return app.Placeholders.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"Unknown placeholder {{{{{name}}}}}.");
    });

    private static string Shorten(string text, int length = 400) => text.Length <= length ? text : text[..length] + $"…({text.Length} chars)";

    [GeneratedRegex(@"\{\{([A-Za-z0-9]+|pad:[0-9]+)\}\}")]
    private static partial Regex Placeholder();
}
