using BucketFunctions.Api.Contracts;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BucketFunctions.Api.Http;

/// <summary>
/// Builds every problem response (RFC 9457 plus Flashback's fields, see <see cref="ProblemResponse"/>) in one place,
/// with the correlation id to quote to support.
/// </summary>
public static class Problem
{
    public const string ContentType = "application/problem+json";

    /// <summary>What a problem is sent as when the request did not ask for <see cref="ContentType"/> by name.</summary>
    public const string JsonContentType = ApiResponse.JsonContentType;

    /// <summary>
    /// <see cref="ContentType"/> only when the request's Accept names it (with a quality above 0); otherwise plain JSON
    /// with the same body, because JSON clients — Flashback's among them — read an error's body only when its type
    /// contains <c>application/json</c>, and <c>*/*</c> (what fetch sends) asks for nothing in particular.
    /// </summary>
    public static string MediaTypeFor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var named = MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) && accepted.Any(a =>
            a.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        return named ? ContentType : JsonContentType;
    }

    public static ApiResponse From(Failure failure, string correlationId, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var (status, code) = ProblemCodes.For(failure.Kind);
        var body = Body(status, code, failure.Title, failure.Detail, correlationId) with
        {
            Errors = failure.Errors.Count == 0 ? null : failure.Errors.Select(e => new ProblemField(e.Field, e.Pointer, e.Message)).ToList(),
            Current = failure.Quota?.Current,
            Max = failure.Quota?.Max,
            Buckets = failure.Buckets.Count == 0
                ? null
                : failure.Buckets.Select(b => new ProblemBucket(b.BucketId, b.Name, b.Status.ToWireName(), b.Message)).ToList(),
        };
        return ApiResponse.Json(status, ContentType, body, headers);
    }

    public static ApiResponse Internal(string correlationId) =>
        ApiResponse.Json(500, ContentType,
            Body(500, ProblemCodes.InternalError, "Internal error", $"Something went wrong on our side. Quote correlation id {correlationId} when reporting it.", correlationId));

    private static ProblemResponse Body(int status, string code, string title, string detail, string correlationId) =>
        new($"urn:bucketfunctions:problem:{code}", title, status, detail, code, Success: false, Message: detail, correlationId);
}
