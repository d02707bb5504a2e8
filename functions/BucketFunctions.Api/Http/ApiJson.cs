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
}
