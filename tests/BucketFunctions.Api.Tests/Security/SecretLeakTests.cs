using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Api.Tests.Security;

/// <summary>
/// One secret, sent through every path a create can take — success and each refusal — then searched for in every
/// response body and header, every captured log line, and every stored table property.
/// </summary>
public sealed class SecretLeakTests : ApiTestBase
{
    [Fact]
    public async Task The_secret_appears_in_no_response_log_line_or_table_property()
    {
        var secret = NewSecret();
        var closedPort = ClosedPort();
        var requests = new List<(string Label, string Body)>
        {
            ("success", ValidBody(name: "Leak check", secret: secret).ToJsonString()),
            ("duplicate", ValidBody(name: "LEAK CHECK", secret: secret).ToJsonString()),
            ("wrong key", With(ValidBody(secret: secret), "key", "AKIAWRONGWRONGWRONG1")),
            ("missing bucket", With(ValidBody(secret: secret), "bucket", "no-such-bucket-for-leaks")),
            ("unreachable", With(ValidBody(secret: secret), "endpoint", $"http://127.0.0.1:{closedPort}")),
            ("validation", With(ValidBody(secret: secret), "bucket", "Invalid_Bucket")),
            ("endpoint", With(ValidBody(secret: secret), "endpoint", "http://example.com")),
            ("wrong type", With(ValidBody(secret: secret), "name", null)),
            ("truncated", ValidBody(secret: secret).ToJsonString()[..^10]),
            ("duplicate key", ValidBody(secret: secret).ToJsonString().Insert(1, $"\"secret\":\"{secret}\",")),
            ("secret as key", With(ValidBody(secret: secret), "key", secret)),
            ("secret as name", With(ValidBody(secret: "other-" + secret), "region", secret)),
        };

        var responses = new List<string>();
        foreach (var (label, body) in requests)
        {
            var response = await PostRawAsync(Tenant, "/bucket", body, "application/json");
            var text = await response.Content.ReadAsStringAsync();
            // JSON escapes characters such as '+' (\u002B): compare decoded string values as well as the raw text.
            responses.Add($"{label}: {(int)response.StatusCode} {response.Headers} {response.Content.Headers} {text} {string.Join(" ", DecodedStrings(text))}");
        }

        Assert.Contains(responses, r => r.StartsWith("success: 200", StringComparison.Ordinal));
        Assert.All(responses, r => Assert.DoesNotContain(secret, r));
        Assert.Contains(Factory.Logs.Lines, l => l.Contains("CreateBucket answered", StringComparison.Ordinal));
        Assert.All(Factory.Logs.Lines, l => Assert.DoesNotContain(secret, l));
        var stored = await AllStoredTextAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, text => Assert.DoesNotContain(secret, text));
    }

    /// <summary>
    /// The secrets Flashback's client sends after a create — the whole body back on PUT (a new secret, then one with a
    /// broken field), and other credentials to validate a stored bucket with — appear nowhere either.
    /// </summary>
    [Fact]
    public async Task Secrets_of_a_full_body_update_and_of_a_validate_body_appear_nowhere()
    {
        var created = await CreateBucketAsync(body: ValidBody(name: "Leak update"));
        var id = created["id"]!.GetValue<string>();
        var (replacement, refused, validated, wrongKey) = (NewSecret(), NewSecret(), NewSecret(), NewSecret());
        var calls = new List<(string Label, HttpMethod Method, string Path, JsonObject Body)>
        {
            ("full body, new secret", HttpMethod.Put, $"/bucket/{id}", ValidBody(name: "Leak update", secret: replacement)),
            ("full body, broken bucket", HttpMethod.Put, $"/bucket/{id}",
                WithField(ValidBody(name: "Leak update", secret: refused), "bucket", "Bad_")),
            ("validate with a secret", HttpMethod.Post, $"/bucket/{id}/validate", new JsonObject { ["secret"] = validated }),
            ("validate, refused key", HttpMethod.Post, $"/bucket/{id}/validate",
                new JsonObject { ["key"] = "AKIAWRONGWRONGWRONG1", ["secret"] = wrongKey }),
        };

        var responses = new List<string>();
        foreach (var (label, method, path, body) in calls)
        {
            var response = await SendJsonAsync(Tenant, method, path, body);
            var text = await response.Content.ReadAsStringAsync();
            var decoded = string.Join(" ", DecodedStrings(text));
            responses.Add($"{label}: {(int)response.StatusCode} {response.Headers} {response.Content.Headers} {text} {decoded}");
        }

        Assert.StartsWith("full body, new secret: 200", responses[0], StringComparison.Ordinal);
        Assert.Equal(replacement, (await StoredCredentialAsync(id))!.Secret.Reveal());
        var stored = await AllStoredTextAsync();
        foreach (var secret in new[] { replacement, refused, validated, wrongKey })
        {
            Assert.All(responses, r => Assert.DoesNotContain(secret, r));
            Assert.All(Factory.Logs.Lines, l => Assert.DoesNotContain(secret, l));
            Assert.All(stored, text => Assert.DoesNotContain(secret, text));
        }
    }

    /// <summary>
    /// A provider key's secrets — stored, rotated to, refused in a rotation one bucket rejects, refused as invalid — and
    /// the credential of the buckets registered with the key: nowhere in a response, a log line or a table.
    /// </summary>
    [Fact]
    public async Task A_provider_keys_secrets_appear_in_no_response_log_line_or_table_property()
    {
        var container = await Azurite.CreateContainerAsync();
        var other = await Azurite.CreateContainerAsync();
        var sas = AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddHours(1)));
        var (stored, rotated, invalid) = (NewSecret(), NewSecret(), NewSecret());
        var responses = new List<string>();
        async Task<JsonObject?> CallAsync(HttpMethod method, string path, JsonObject? body)
        {
            var response = await SendJsonAsync(Tenant, method, path, body);
            var text = await response.Content.ReadAsStringAsync();
            responses.Add($"{method} {path}: {(int)response.StatusCode} {response.Headers} {text} {string.Join(" ", DecodedStrings(text))}");
            return response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : null;
        }

        var s3Key = (await CallAsync(HttpMethod.Post, "/apikeys", new JsonObject
        {
            ["key"] = S3rver.AccessKey, ["secret"] = stored, ["endpoint"] = S3.Endpoint.ToString(), ["region"] = "us-east-1",
            ["provider"] = "S3", ["workspaceId"] = Workspace,
        }))!["apiKeyId"]!.GetValue<string>();
        var azureKey = (await CallAsync(HttpMethod.Post, "/apikeys", new JsonObject
        {
            ["key"] = Azurite.AccountName, ["secret"] = Azurite.AccountKey,
            ["endpoint"] = Azurite.BlobEndpoint.ToString(), ["provider"] = "BLOB", ["workspaceId"] = Workspace,
        }))!["apiKeyId"]!.GetValue<string>();
        JsonObject Keyed(string bucket, string type, string key) => new()
        {
            ["name"] = "Keyed " + Guid.NewGuid().ToString("N")[..6], ["bucket"] = bucket, ["storageType"] = type, ["workspaceId"] = Workspace,
            ["apiKeyUuid"] = key,
        };
        var s3Bucket = (await CallAsync(HttpMethod.Post, "/bucket", Keyed(S3rver.BucketName, "S3", s3Key)))!["bucketId"]!;
        await CallAsync(HttpMethod.Post, "/bucket", Keyed(container, "BLOB", azureKey));
        await CallAsync(HttpMethod.Post, "/bucket", Keyed(other, "BLOB", azureKey));
        await CallAsync(HttpMethod.Get, "/apikeys", null);
        await CallAsync(HttpMethod.Get, $"/bucket/{s3Bucket}", null);
        await CallAsync(HttpMethod.Post, $"/bucket/{s3Bucket}/validate", null);
        var rotation = await CallAsync(HttpMethod.Put, $"/apikeys/{s3Key}", new JsonObject { ["secret"] = rotated });
        var refused = await CallAsync(HttpMethod.Put, $"/apikeys/{azureKey}", new JsonObject { ["secret"] = sas });
        await CallAsync(HttpMethod.Put, $"/apikeys/{azureKey}", new JsonObject { ["secret"] = invalid, ["region"] = "Not A Region!" });
        await CallAsync(HttpMethod.Post, "/apikeys",
            new JsonObject { ["key"] = "x y", ["secret"] = invalid, ["provider"] = "S3", ["workspaceId"] = Workspace });

        Assert.Equal(1, rotation!["bucketsProven"]!.GetValue<int>());
        Assert.Null(refused);
        Assert.Equal(rotated, (await StoredCredentialAsync(s3Bucket.GetValue<string>()))!.Secret.Reveal());
        Assert.Contains(Factory.Logs.Lines, l => l.Contains("Refused the rotation of provider key", StringComparison.Ordinal));
        var storedText = await AllStoredTextAsync();
        Assert.NotEmpty(storedText);
        foreach (var secret in new[] { stored, rotated, sas, invalid, Azurite.AccountKey })
        {
            Assert.All(responses, r => Assert.DoesNotContain(secret, r));
            Assert.All(Factory.Logs.Lines, l => Assert.DoesNotContain(secret, l));
            Assert.All(storedText, text => Assert.DoesNotContain(secret, text));
        }
    }

    private static IEnumerable<string> DecodedStrings(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            yield break;
        }

        var pending = new Stack<JsonNode?>([root]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        yield return key;
                        pending.Push(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        pending.Push(item);
                    }

                    break;
                case JsonValue value:
                    yield return value.ToString();
                    break;
            }
        }
    }

    private static string With(JsonObject body, string field, string? value) => WithField(body, field, value).ToJsonString();

    private static JsonObject WithField(JsonObject body, string field, string? value)
    {
        body[field] = value is null ? 12345 : value;
        return body;
    }
}
