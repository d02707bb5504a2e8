using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// No input produces a 500: hostile bodies, paths and headers sent to every route that reads them each answer a 4xx
/// problem. Each test sends its whole list and reports every case that did not (with the error the app logged), so
/// one run names them all.
/// </summary>
public sealed class HostileInputTests : ApiTestBase
{
    private static readonly string[] BucketFields = ["name", "bucket", "storageType", "key", "secret", "region", "endpoint", "workspaceId"];

    /// <summary>JSON escapes no client should send in a name, an id or a key: control characters, bidi and zero-width marks.</summary>
    private static readonly string[] InvisibleCharacters = [@"\u0000", @"a\u0000b", @"\u001f", @"\u007f", @"\u202e", @"\u200b", @"\ufeff", @"\u2028"];

    /// <summary>Escapes of lone or unpaired surrogates: valid JSON syntax, but not Unicode text.</summary>
    private static readonly string[] BrokenSurrogates = [@"\ud800", @"x\udc00y", @"\udbff\udbff"];

    /// <summary>Values of the wrong JSON type for a string field.</summary>
    private static readonly string[] NotStrings = ["12345", "-1.5e308", "1e400", "true", "{}", "[]", "[\"a\"]", "{\"a\":{\"b\":1}}"];

    /// <summary>Values of the wrong shape for a number or a string-array field.</summary>
    private static readonly string[] NotNumbersOrArrays =
    [
        "\"10\"", "1e400", "-1", "2147483648", "-2147483649", "1.5", "9999999999999999999999999", "true", "{}",
        "[1,2]", "[[\"a\"]]", "[null]", "[\"\\u0000\"]", "[" + string.Join(",", Enumerable.Repeat("\"ws\"", 5000)) + "]",
    ];

    [Fact]
    public async Task Create_answers_4xx_to_hostile_bodies()
    {
        var cases = new List<(string Label, string Body)>
        {
            ("every field 7000 chars", Body(BucketFields.ToDictionary(f => f, _ => Quote(new string('a', 7000))))),
            ("every field 1700 emoji", Body(BucketFields.ToDictionary(f => f, _ => Quote(string.Concat(Enumerable.Repeat("😀", 1700)))))),
            ("nested arrays depth 100 in name", Body(new() { ["name"] = Nested("[", "]", 100) })),
            ("nested objects depth 100", Nested("{\"a\":", "}", 100)),
            ("nested root arrays depth 100", Nested("[", "]", 100)),
            ("root is a string", "\"just a string\""),
            ("root is null", "null"),
            ("empty body", string.Empty),
            ("nul byte after the object", "{\"name\":\"a\"}\u0000"),
            ("duplicate key deep inside", "{\"x\":[{\"a\":1,\"a\":2}]}"),
        };
        foreach (var field in BucketFields)
        {
            cases.Add(($"{field} 60000 chars", With(field, Quote(new string('b', 60_000)))));
            cases.AddRange(NotStrings.Select(value => ($"{field} = {value}", With(field, value))));
        }

        // Not the secret: it is opaque to the API and only the provider judges it (s3rver accepts any secret).
        foreach (var field in BucketFields.Where(f => f != "secret"))
        {
            cases.AddRange(InvisibleCharacters.Select(value => ($"{field} = \"{value}\"", With(field, Quote(value, raw: true)))));
        }

        var failures = new List<string>();
        foreach (var (label, body) in cases)
        {
            await ExpectClientErrorAsync(failures, label, await PostRawAsync(Tenant, "/bucket", body, "application/json"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_answers_4xx_to_oversized_or_unlabelled_bodies()
    {
        var big = "{\"name\":\"" + new string('x', 70 * 1024) + "\"}";
        var failures = new List<string>();

        await ExpectClientErrorAsync(failures, "70 KB with Content-Length", await PostRawAsync(Tenant, "/bucket", big, "application/json"));
        await ExpectClientErrorAsync(failures, "70 KB chunked, no Content-Length", await Tenant.PostAsync("/bucket", Chunked(big, "application/json")));
        await ExpectClientErrorAsync(failures, "70 KB without any content header", await Tenant.PostAsync("/bucket", Chunked(big, contentType: null)));
        await ExpectClientErrorAsync(failures, "70 KB as text/plain", await PostRawAsync(Tenant, "/bucket", big, "text/plain"));
        await ExpectClientErrorAsync(failures, "valid body labelled utf-16", await PostRawAsync(Tenant, "/bucket", ValidBody().ToJsonString(), "application/json; charset=utf-16"));
        await ExpectClientErrorAsync(failures, "valid body with a byte order mark", await PostRawAsync(Tenant, "/bucket", "\ufeff" + ValidBody().ToJsonString().Replace("S3", "S4", StringComparison.Ordinal), "application/json"));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Tenant_routes_answer_4xx_to_hostile_headers()
    {
        var failures = new List<string>();
        foreach (var (label, token) in new[]
        {
            ("bearer 20000 chars", new string('t', 20_000)),
            ("bearer with the token prefix and garbage", "bft_" + new string('%', 300)),
            ("bearer of dots", "bft_....."),
        })
        {
            using var client = ClientWithToken(token);
            await ExpectClientErrorAsync(failures, "POST /bucket " + label, await PostJsonAsync(client, "/bucket", ValidBody()));
            await ExpectClientErrorAsync(failures, "GET /quota " + label, await client.GetAsync("/quota"));
        }

        using var longCorrelation = new HttpRequestMessage(HttpMethod.Post, "/bucket") { Content = Bytes("{}"u8.ToArray(), "application/json") };
        longCorrelation.Headers.TryAddWithoutValidation("x-correlation-id", new string('c', 10_000));
        await ExpectClientErrorAsync(failures, "10000-char correlation id", await Tenant.SendAsync(longCorrelation));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Admin_routes_answer_4xx_to_hostile_bodies()
    {
        var failures = new List<string>();
        foreach (var (method, path, stringFields, otherFields) in AdminBodyRoutes())
        {
            var cases = new List<(string Label, string Body)>
            {
                ("every field 7000 chars", Body(stringFields.Concat(otherFields).ToDictionary(f => f, _ => Quote(new string('a', 7000))))),
                ("nested objects depth 100", Nested("{\"a\":", "}", 100)),
                ("nested arrays depth 100 in a field", Body(new() { [stringFields[0]] = Nested("[", "]", 100) })),
                ("root is an array", "[]"),
                ("not json", "organizationId=acme"),
            };
            foreach (var field in stringFields)
            {
                cases.Add(($"{field} 60000 chars", Body(new() { [field] = Quote(new string('b', 60_000)) })));
                cases.AddRange(NotStrings.Select(value => ($"{field} = {value}", Body(new() { [field] = value }))));
                cases.AddRange(InvisibleCharacters.Select(value => ($"{field} = \"{value}\"", Body(new() { [field] = Quote(value, raw: true) }))));
            }

            cases.AddRange(otherFields.SelectMany(field => NotNumbersOrArrays.Select(value => ($"{field} = {Shorten(value)}", Body(new() { [field] = value })))));
            if (stringFields.Contains("expiresAt"))
            {
                var dates = new[] { "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1600-12-31T00:00:00Z", "2999-13-45", "yesterday" };
                cases.AddRange(dates.Select(value => ($"expiresAt = {value}", Body(new() { ["capabilities"] = "[\"readBuckets\"]", ["expiresAt"] = Quote(value) }))));
            }

            await SendAllAsync(failures, method, path, cases);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Admin_routes_answer_4xx_to_hostile_ids_in_the_path()
    {
        // Not %00: the in-process test host refuses a NUL in the path before the app sees it (Kestrel answers 400 itself).
        // Not "..": the client removes dot segments, so the request would not reach these routes at all.
        var ids = new[]
        {
            "😀", "org-😀", Uri.EscapeDataString("😀"), "%F0%9F%98", "%E2%80%AE", "%ED%A0%80", "%FF%FE", new string('o', 5000),
            "a%2Fb", "a%5Cb", "%27%20or%201%3D1", "PartitionKey%20eq%20%27x%27", "%7C", "a%23b",
        };
        var organization = Uri.EscapeDataString(OrganizationId);
        using var admin = Factory.CreateAdminClient();
        var failures = new List<string>();
        foreach (var id in ids)
        {
            var requests = new (string Method, string Path, string Body)[]
            {
                ("PUT", $"/manage/organizations/{id}", "{\"name\":\"Renamed\"}"),
                ("POST", $"/manage/organizations/{id}/workspaces", "{\"workspaceId\":\"ws-x\",\"name\":\"X\"}"),
                ("POST", $"/manage/organizations/{id}/tokens", "{\"capabilities\":[\"readBuckets\"]}"),
                ("DELETE", $"/manage/organizations/{id}/tokens/{id}", string.Empty),
                ("DELETE", $"/manage/organizations/{organization}/tokens/{id}", string.Empty),
            };
            foreach (var (method, path, body) in requests)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body.Length > 0)
                {
                    request.Content = Bytes(Encoding.UTF8.GetBytes(body), "application/json");
                }

                await ExpectClientErrorAsync(failures, $"{method} {Shorten(path)}", await admin.SendAsync(request));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Broken_unicode_in_any_string_field_answers_400_not_500()
    {
        var failures = new List<string>();
        var create = BucketFields.SelectMany(field => BrokenSurrogates.Select(value => ($"{field} = \"{value}\"", With(field, Quote(value, raw: true))))).ToList();
        foreach (var (label, body) in create)
        {
            await ExpectClientErrorAsync(failures, "POST /bucket " + label, await PostRawAsync(Tenant, "/bucket", body, "application/json"));
        }

        byte[] invalidUtf8 = [.. "{\"name\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];
        await ExpectClientErrorAsync(failures, "POST /bucket invalid UTF-8 bytes in name", await Tenant.PostAsync("/bucket", Bytes(invalidUtf8, "application/json")));
        foreach (var (method, path, stringFields, otherFields) in AdminBodyRoutes())
        {
            var cases = stringFields.SelectMany(field => BrokenSurrogates.Select(value => ($"{field} = \"{value}\"", Body(new() { [field] = Quote(value, raw: true) }))))
                .Concat(otherFields.Where(f => f is "workspaces" or "capabilities").Select(field => ($"{field} = [\"\\ud800\"]", Body(new() { [field] = "[\"\\ud800\"]" }))))
                .ToList();
            await SendAllAsync(failures, method, path, cases);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_non_ascii_access_key_answers_400_not_502()
    {
        var failures = new List<string>();
        foreach (var key in new[] { "\uffff", "ключ", "KEY😀", "AKIAÉXAMPLE" })
        {
            var body = ValidBody();
            body["key"] = key;
            await ExpectClientErrorAsync(failures, $"key = {key}", await PostJsonAsync(Tenant, "/bucket", body));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    /// <summary>The admin routes that read a body: method, path, string fields and fields of other types.</summary>
    private (string Method, string Path, string[] StringFields, string[] OtherFields)[] AdminBodyRoutes()
    {
        var organization = Uri.EscapeDataString(OrganizationId);
        return
        [
            ("POST", "/manage/organizations", ["organizationId", "name"], ["bucketLimit"]),
            ("PUT", $"/manage/organizations/{organization}", ["name"], ["bucketLimit"]),
            ("POST", $"/manage/organizations/{organization}/workspaces", ["workspaceId", "name"], []),
            ("POST", $"/manage/organizations/{organization}/tokens", ["description", "expiresAt"], ["workspaces", "capabilities"]),
        ];
    }

    private async Task SendAllAsync(List<string> failures, string method, string path, IEnumerable<(string Label, string Body)> cases)
    {
        using var admin = Factory.CreateAdminClient();
        foreach (var (label, body) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Bytes(Encoding.UTF8.GetBytes(body), "application/json") };
            await ExpectClientErrorAsync(failures, $"{method} {path} {label}", await admin.SendAsync(request));
        }
    }

    /// <summary>Notes the case unless it answered a 4xx problem; for a 5xx, with the error the app logged.</summary>
    private async Task ExpectClientErrorAsync(List<string> failures, string label, HttpResponseMessage response)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/json")
            {
                failures.Add($"{label}: {status} {response.Content.Headers.ContentType} {Shorten(text)}{ErrorLogged(response)}");
            }
        }
    }

    /// <summary>For a 5xx: the first lines of what the app logged above Information under the response's correlation id.</summary>
    private string ErrorLogged(HttpResponseMessage response)
    {
        var correlationId = response.Headers.TryGetValues("x-correlation-id", out var values) ? values.First() : null;
        var logged = correlationId is null || (int)response.StatusCode < 500
            ? null
            : Factory.Logs.Lines.FirstOrDefault(l => !l.StartsWith("Information ", StringComparison.Ordinal) && l.Contains(correlationId, StringComparison.Ordinal));
        return logged is null ? string.Empty : "\n    logged: " + string.Join("\n    ", logged.Split('\n').Take(6));
    }

    /// <summary>A valid create body with one field's raw JSON value replaced.</summary>
    private string With(string field, string rawJsonValue)
    {
        var body = ValidBody().ToDictionary(p => p.Key, p => p.Value!.ToJsonString());
        body[field] = rawJsonValue;
        return Body(body);
    }

    private static string Body(Dictionary<string, string> rawJsonValues) =>
        "{" + string.Join(",", rawJsonValues.Select(p => $"{Quote(p.Key)}:{p.Value}")) + "}";

    /// <summary>A JSON string: <paramref name="text"/> encoded, or with <paramref name="raw"/> put between quotes as written (escapes kept).</summary>
    private static string Quote(string text, bool raw = false) => raw ? "\"" + text + "\"" : JsonValue.Create(text).ToJsonString();

    private static string Nested(string open, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"…({text.Length} chars)";

    private static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A body sent without Content-Length (chunked), with or without a Content-Type.</summary>
    private static StreamContent Chunked(string body, string? contentType)
    {
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    /// <summary>A stream whose length is unknown, so HttpClient cannot send a Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
