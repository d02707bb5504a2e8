using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Tests.Support;

/// <summary>One response the app sent, as the client received it.</summary>
public sealed record RecordedResponse(string Method, string Path, int Status, string? ContentType, string Body);

/// <summary>
/// Keeps every response the app under test writes (a middleware in front of the real pipeline), so each test can check
/// afterwards that every body it provoked matches the OpenAPI document's schema for that route and status.
/// </summary>
public sealed class ResponseRecorder : IStartupFilter
{
    private readonly ConcurrentQueue<RecordedResponse> responses = new();

    public IReadOnlyList<RecordedResponse> Responses => responses.ToList();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (HttpContext http, RequestDelegate inner) =>
        {
            var original = http.Response.Body;
            using var copy = new MemoryStream();
            http.Response.Body = copy;
            try
            {
                await inner(http);
            }
            finally
            {
                http.Response.Body = original;
                copy.Position = 0;
                await copy.CopyToAsync(original);
                responses.Enqueue(new RecordedResponse(http.Request.Method, http.Request.Path.Value ?? "/", http.Response.StatusCode,
                    http.Response.ContentType, System.Text.Encoding.UTF8.GetString(copy.ToArray())));
            }
        });
        next(app);
    };
}
