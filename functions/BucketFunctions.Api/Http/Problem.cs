using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Http;

/// <summary>
/// An RFC 9457 problem response that also carries Flashback's fields (<c>success:false</c>, <c>message</c>,
/// <c>code</c>), every broken field in <c>errors</c>, and the correlation id to quote to support.
/// </summary>
public static class Problem
{
    public const string ContentType = "application/problem+json";

    public static ApiResponse From(Failure failure, string correlationId)
    {
        var (status, code) = ProblemCodes.For(failure.Kind);
        var body = Body(status, code, failure.Title, failure.Detail, correlationId);
        if (failure.Errors.Count > 0)
        {
            body["errors"] = failure.Errors.Select(e => new { field = e.Field, pointer = e.Pointer, message = e.Message }).ToList();
        }

        if (failure.Quota is { } quota)
        {
            body["current"] = quota.Current;
            body["max"] = quota.Max;
        }

        return ApiResponse.Json(status, ContentType, body);
    }

    public static ApiResponse Internal(string correlationId) =>
        ApiResponse.Json(500, ContentType,
            Body(500, ProblemCodes.InternalError, "Internal error", $"Something went wrong on our side. Quote correlation id {correlationId} when reporting it.", correlationId));

    private static Dictionary<string, object?> Body(int status, string code, string title, string detail, string correlationId) => new()
    {
        ["type"] = $"urn:bucketfunctions:problem:{code}",
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
        ["code"] = code,
        ["success"] = false,
        ["message"] = detail,
        ["correlationId"] = correlationId,
    };
}
