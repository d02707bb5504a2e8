using System.Text;
using BucketFunctions.Api.Contracts;
using BucketFunctions.Core.Idempotency;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Http;

/// <summary>
/// A finished response as data — status, content type, JSON body and a few headers — so it can be logged by status,
/// stored for an idempotent replay, and written identically the second time. A problem's media type is chosen as it is
/// written, from the request it answers (<see cref="Problem.MediaTypeFor"/>), so replays and the Functions app's last
/// guard choose it the same way.
/// </summary>
public sealed record ApiResponse(int StatusCode, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers) : IResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static ApiResponse Json(int statusCode, string contentType, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, contentType, System.Text.Json.JsonSerializer.Serialize(body, ApiJson.Options), headers ?? new Dictionary<string, string>());

    /// <summary>A route's success: 200 unless the body names its status, with the headers it names.</summary>
    public static ApiResponse Success<TResponse>(TResponse body)
        where TResponse : notnull =>
        Json(
            body is IResponseStatus status ? status.StatusCode : 200,
            JsonContentType,
            body,
            body is IResponseHeaders headers ? headers.Headers : null);

    public StoredResponse ToStored() => new(StatusCode, ContentType, Body, Headers);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType == Problem.ContentType ? Problem.MediaTypeFor(httpContext.Request) : ContentType;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        var bytes = Encoding.UTF8.GetBytes(Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
