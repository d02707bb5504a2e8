using System.Text.Json;
using System.Text.Json.Serialization;

namespace BucketFunctions.Api.Http;

/// <summary>How every response is written: camelCase, nulls kept (clients see every field of the contract).</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// How a nested request object is read (<see cref="JsonFields.Object{T}"/>): exact camelCase names, numbers as numbers,
    /// and no unknown members, so a misspelt setting is refused rather than silently left out.
    /// </summary>
    public static readonly JsonSerializerOptions StrictRead = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };
}
