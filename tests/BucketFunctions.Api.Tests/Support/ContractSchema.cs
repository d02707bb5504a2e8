using System.Text.Json;
using System.Text.Json.Nodes;
using BucketFunctions.Api.OpenApi;
using BucketFunctions.Api.Routing;

namespace BucketFunctions.Api.Tests.Support;

/// <summary>
/// Checks a response against the OpenAPI document the app serves: the route's schema for 200 (and health's 503),
/// the problem schema with that status's codes otherwise. A small validator for the JSON Schema subset the document
/// uses ($ref, allOf, type, enum, properties, required, items, additionalProperties, uuid and date-time formats); an
/// object may carry no property its schema does not declare, so a stray field (a secret, say) fails.
/// </summary>
public sealed class ContractSchema(JsonObject document)
{
    public static ContractSchema Current { get; } = new(OpenApiDocumentBuilder.Build(ApiRoutes.All));

    public JsonObject Document => document;

    public IReadOnlyList<string> Check(RecordedResponse response)
    {
        var errors = new List<string>();
        if (response.Status is 499 or 204 || response.Method == "HEAD")
        {
            return errors;
        }

        var path = response.Path.Trim('/');
        var route = RouteFallback.Route(response.Method, path);
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(response.Body);
        }
        catch (JsonException)
        {
            return [$"{response.Method} {response.Path} {response.Status}: the body is not JSON"];
        }

        JsonObject? schema;
        if (route is null)
        {
            schema = response.Status is 404 or 405 ? new JsonObject { ["$ref"] = "#/components/schemas/ProblemResponse" } : null;
        }
        else
        {
            var responses = document["paths"]!["/" + route.Template]![route.Method.ToLowerInvariant()]!["responses"]!.AsObject();
            var entry = responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (entry is null)
            {
                return [$"{response.Method} {response.Path}: status {response.Status} is not in the document"];
            }

            // The document lists each media type an answer may be sent as; this answer's must be one of them.
            var mediaType = response.ContentType?.Split(';')[0].Trim() ?? string.Empty;
            schema = entry["content"]?[mediaType]?["schema"]?.AsObject();
            if (schema is null)
            {
                return [$"{response.Method} {response.Path} {response.Status}: media type '{mediaType}' is not in the document"];
            }
        }

        if (schema is null)
        {
            return [$"{response.Method} {response.Path}: status {response.Status} is not in the document"];
        }

        Validate(body, schema, "$", errors);
        return errors.Select(e => $"{response.Method} {response.Path} {response.Status}: {e}").ToList();
    }

    public void Validate(JsonNode? value, JsonObject schema, string at, List<string> errors, bool closed = true)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference["#/components/schemas/".Length..];
            Validate(value, document["components"]!["schemas"]![name]!.AsObject(), at, errors);
            return;
        }

        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            // A part that only narrows some properties (the problem codes) does not close the object; the referenced schema does.
            Validate(value, part!.AsObject(), at, errors, closed: part["$ref"] is not null);
        }

        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!allowed.Any(t => Is(value, t)))
            {
                errors.Add($"{at} is {Kind(value)}, not {string.Join(" or ", allowed)}");
                return;
            }
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{at} = {value?.ToJsonString()} is not one of {options.ToJsonString()}");
        }

        if (schema["format"]?.GetValue<string>() is { } format && value is JsonValue text && text.TryGetValue<string>(out var s)
            && !(format switch { "uuid" => Guid.TryParse(s, out _), "date-time" => DateTimeOffset.TryParse(s, out _), _ => true }))
        {
            errors.Add($"{at} is not a {format}");
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey(required!.GetValue<string>()))
                {
                    errors.Add($"{at} lacks required '{required}'");
                }
            }

            foreach (var (name, child) in obj)
            {
                if (properties?[name] is JsonObject propertySchema)
                {
                    Validate(child, propertySchema, $"{at}.{name}", errors);
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    Validate(child, additional, $"{at}.{name}", errors);
                }
                else if (properties is not null && closed)
                {
                    errors.Add($"{at} has '{name}', which the schema does not declare");
                }
            }
        }

        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, $"{at}[{i}]", errors);
            }
        }
    }

    private static bool Is(JsonNode? value, string type) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value?.GetValueKind() == JsonValueKind.String,
        "boolean" => value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value?.GetValueKind() == JsonValueKind.Number,
        "integer" => value?.GetValueKind() == JsonValueKind.Number && value.GetValue<decimal>() % 1 == 0,
        _ => false,
    };

    private static string Kind(JsonNode? value) => value is null ? "null" : value.GetValueKind().ToString();
}
