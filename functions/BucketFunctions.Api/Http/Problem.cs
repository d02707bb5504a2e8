using BucketFunctions.Api.Contracts;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Http;

/// <summary>
/// Builds every problem response (RFC 9457 plus Flashback's fields, see <see cref="ProblemResponse"/>) in one place,
/// with the correlation id to quote to support.
/// </summary>
public static class Problem
{
    public const string ContentType = "application/problem+json";

    public static ApiResponse From(Failure failure, string correlationId, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var (status, code) = ProblemCodes.For(failure.Kind);
        var body = Body(status, code, failure.Title, failure.Detail, correlationId) with
        {
            Errors = failure.Errors.Count == 0 ? null : failure.Errors.Select(e => new ProblemField(e.Field, e.Pointer, e.Message)).ToList(),
            Current = failure.Quota?.Current,
            Max = failure.Quota?.Max,
        };
        return ApiResponse.Json(status, ContentType, body, headers);
    }

    public static ApiResponse Internal(string correlationId) =>
        ApiResponse.Json(500, ContentType,
            Body(500, ProblemCodes.InternalError, "Internal error", $"Something went wrong on our side. Quote correlation id {correlationId} when reporting it.", correlationId));

    private static ProblemResponse Body(int status, string code, string title, string detail, string correlationId) =>
        new($"urn:bucketfunctions:problem:{code}", title, status, detail, code, Success: false, Message: detail, correlationId);
}
