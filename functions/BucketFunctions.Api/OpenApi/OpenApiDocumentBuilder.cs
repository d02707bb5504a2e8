using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Results;
using K = BucketFunctions.Core.Results.FailureKind;

namespace BucketFunctions.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of <see cref="ApiRoutes.All"/>: paths, parameters and problem codes from the route table,
/// schemas from the named contract types through System.Text.Json's own schema exporter (so the schema is what the
/// serializer writes). Nothing here is hand-written JSON about a particular route.
/// </summary>
public static class OpenApiDocumentBuilder
{
    private const string SchemaRoot = "#/components/schemas/";
    private const string ContractNamespace = "BucketFunctions.Api.Contracts";

    public static JsonObject Build(IReadOnlyList<ApiRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var schemas = new SchemaSet();
        var paths = new JsonObject();
        foreach (var group in routes.GroupBy(r => r.Template))
        {
            var item = new JsonObject();
            foreach (var route in group)
            {
                item[route.Method.ToLowerInvariant()] = Operation(route, schemas);
            }

            paths["/" + group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "BucketFunctions",
                ["version"] = "1.0.0",
                ["description"] = "Register cloud storage buckets (S3 and S3-compatible, GCS, Azure Blob) with credentials proven at the provider. "
                    + "Every refusal is an RFC 9457 problem with Flashback's fields (success:false, message, code): sent as "
                    + "application/problem+json when the request's Accept names that type, and as application/json (the same body) "
                    + "otherwise, so JSON clients read it. An unknown path answers 404 not_found and a wrong method 405 "
                    + "method_not_allowed.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Build(),
                ["securitySchemes"] = new JsonObject
                {
                    ["bearerToken"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "A tenant API token (bft_…)." },
                    ["operatorKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = Auth.RequestAuthenticator.AdminKeyHeader },
                },
            },
        };
    }

    /// <summary>Every refusal a route can give: its own, plus those of its kind (auth, body, idempotency).</summary>
    public static IReadOnlyList<FailureKind> FailuresOf(ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var kinds = new List<FailureKind>(route.Failures);
        if (route.Access != RouteAccess.Public)
        {
            kinds.Add(K.Unauthorized);
        }

        if (route.Capability is not null || route.Access == RouteAccess.Tenant && route.Failures.Contains(K.UnknownWorkspace))
        {
            kinds.Add(K.MissingCapability);
        }

        if (route.RequestBody is not null)
        {
            kinds.AddRange([K.MalformedRequest, K.PayloadTooLarge, K.UnsupportedMediaType, K.RequestTimeout]);
        }

        if (route.Idempotent)
        {
            kinds.AddRange([K.ValidationFailed, K.IdempotencyInProgress, K.IdempotencyKeyReuse]);
        }

        return kinds.Distinct().ToList();
    }

    private static JsonObject Operation(ApiRoute route, SchemaSet schemas)
    {
        var operation = new JsonObject
        {
            ["operationId"] = route.Name,
            ["summary"] = route.Summary,
        };
        if (route.Capability is { } capability)
        {
            operation["description"] = $"Needs the {Core.Tokens.CapabilityNames.ToName(capability)} capability.";
        }

        operation["security"] = route.Access switch
        {
            RouteAccess.Tenant => new JsonArray(new JsonObject { ["bearerToken"] = new JsonArray() }),
            RouteAccess.Operator => new JsonArray(new JsonObject { ["operatorKey"] = new JsonArray() }),
            _ => new JsonArray(),
        };

        var parameters = new JsonArray();
        foreach (var name in route.RouteParameterNames)
        {
            parameters.Add(Parameter(name, "path", "string", required: true, description: null));
        }

        foreach (var parameter in route.Parameters)
        {
            parameters.Add(Parameter(parameter.Name, parameter.In == ParameterLocation.Query ? "query" : "header", parameter.SchemaType, required: false, parameter.Description));
        }

        if (route.Idempotent)
        {
            parameters.Add(Parameter(IdempotentRequests.Header, "header", "string", required: false,
                "Up to 255 characters: a repeat with the same request gets the first answer again."));
        }

        operation["parameters"] = parameters;
        if (route.RequestBody is { } body)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = !body.Optional,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemas.Ref(body) } },
            };
        }

        var success = new JsonObject
        {
            ["description"] = "Success.",
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemas.Ref(route.ResponseType) } },
        };
        var responses = new JsonObject { ["200"] = success };
        if (typeof(IResponseStatus).IsAssignableFrom(route.ResponseType))
        {
            // Health answers its own body with 503 when a dependency is down.
            responses["503"] = success.DeepClone();
            responses["503"]!["description"] = "A dependency did not answer.";
        }

        foreach (var byStatus in FailuresOf(route).Select(ProblemCodes.For).Append((Status: 500, Code: ProblemCodes.InternalError)).Distinct().GroupBy(p => p.Status).OrderBy(g => g.Key))
        {
            var codes = byStatus.Select(p => p.Code).Order(StringComparer.Ordinal).ToList();
            var codeEnum = new JsonArray(codes.Select(c => (JsonNode)c!).ToArray());
            var problem = new JsonObject
            {
                ["schema"] = new JsonObject
                {
                    ["allOf"] = new JsonArray(
                        schemas.Ref(typeof(ProblemResponse)),
                        new JsonObject { ["properties"] = new JsonObject { ["code"] = new JsonObject { ["enum"] = codeEnum } } }),
                },
            };
            responses[byStatus.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = "Refused: " + string.Join(", ", codes) + ".",
                ["content"] = new JsonObject
                {
                    // The same body either way; which type is sent depends on the request's Accept (Problem.MediaTypeFor).
                    ["application/json"] = problem,
                    [Problem.ContentType] = problem.DeepClone(),
                },
            };
        }

        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject Parameter(string name, string location, string type, bool required, string? description)
    {
        var parameter = new JsonObject { ["name"] = name, ["in"] = location, ["required"] = required, ["schema"] = new JsonObject { ["type"] = type } };
        if (description is not null)
        {
            parameter["description"] = description;
        }

        return parameter;
    }

    /// <summary>Named contract types become components referenced by <c>$ref</c>, each exported once.</summary>
    private sealed class SchemaSet
    {
        private static readonly JsonSerializerOptions Options = new(ApiJson.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            RespectNullableAnnotations = true,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,  // responses write numbers as numbers
        };

        private readonly Dictionary<string, (Type Shape, IReadOnlyList<string> Required)> named = new(StringComparer.Ordinal);

        public JsonObject Ref(Type type) =>
            type == typeof(JsonObject) ? new JsonObject { ["type"] = "object" } : Ref(NameOf(type), type, []);

        public JsonObject Ref(RequestBody body) => Ref(body.Name, body.Shape, body.RequiredFields);

        private JsonObject Ref(string name, Type shape, IReadOnlyList<string> required)
        {
            named.TryAdd(name, (shape, required));
            return new JsonObject { ["$ref"] = SchemaRoot + name };
        }

        public JsonObject Build()
        {
            var built = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
            while (named.Keys.FirstOrDefault(k => !built.ContainsKey(k)) is { } next)
            {
                built[next] = Export(named[next].Shape, named[next].Required);
            }

            return new JsonObject(built);
        }

        /// <summary>
        /// A shape's schema, with the fields <paramref name="required"/> names required (and not nullable: a null reads as
        /// absent, which the validator refuses).
        /// </summary>
        private JsonNode Export(Type shape, IReadOnlyList<string> required)
        {
            var schema = ExportType(shape);
            foreach (var field in required)
            {
                if (schema["properties"]?[field] is JsonObject property)
                {
                    NotNullable(property);
                }
            }

            if (required.Count > 0)
            {
                schema["required"] = new JsonArray(required.Select(f => (JsonNode)f!).ToArray());
            }

            return schema;
        }

        private JsonNode ExportType(Type root) => Options.GetJsonSchemaAsNode(root, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, schema) =>
            {
                var type = context.TypeInfo.Type;
                if (type == typeof(SecretString))
                {
                    return new JsonObject { ["type"] = "string", ["writeOnly"] = true, ["description"] = "Never shown in any response." };
                }

                if (context.Path.Length > 0 && type != root && type.Namespace == ContractNamespace && !type.IsEnum)
                {
                    return Ref(type);
                }

                if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), inherit: false)
                        .OfType<OneOfAttribute>().FirstOrDefault() is { } oneOf && schema is JsonObject closedSet)
                {
                    closedSet["enum"] = new JsonArray(oneOf.Values.Select(v => (JsonNode?)v).ToArray());
                }

                // A required field may not be null: a null reads as absent, which the validator refuses.
                if (context.PropertyInfo is { IsRequired: true } && schema is JsonObject required)
                {
                    NotNullable(required);
                }

                return schema;
            },
        });

        private static void NotNullable(JsonObject property)
        {
            if (property["type"] is JsonArray types)
            {
                var nonNull = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
                property["type"] = nonNull.Count == 1 ? nonNull[0] : new JsonArray(nonNull.Select(t => (JsonNode)t!).ToArray());
            }
        }

        private static string NameOf(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] + string.Concat(type.GetGenericArguments().Select(NameOf)) : type.Name;
    }
}
