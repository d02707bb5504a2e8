using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using BucketFunctions.Api.Auth;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Api.Http;

/// <summary>
/// What every request gets, whichever host runs it (the Functions host admits no ASP.NET Core middleware): a
/// correlation id, authentication and the route's one capability check, the body read strictly, idempotency where the
/// route honours it, one log line, and the mapping of failures and unexpected errors to problem responses. Logs carry
/// ids, statuses and codes — never a body, a header value or a secret.
/// </summary>
public sealed partial class ApiPipeline(RequestAuthenticator authenticator, IdempotentRequests idempotency, ILogger<ApiPipeline> logger)
{
    public const string CorrelationHeader = "x-correlation-id";

    /// <summary>Runs a route; <paramref name="routeValues"/> are its template's parameters, in template order.</summary>
    public Task<IResult> RunAsync(ApiRoute route, HttpRequest request, params string[] routeValues)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (routeValues.Length != route.RouteParameterNames.Count)
        {
            throw new ArgumentException($"{route.Name} takes {route.RouteParameterNames.Count} route values.", nameof(routeValues));
        }

        var values = route.RouteParameterNames.Zip(routeValues).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return RunAsync(route.Name, request, context => ExecuteAsync(route, request, context, values));
    }

    /// <summary>Answers a request no route takes: 405 naming the allowed methods when the path exists, else 404.</summary>
    public Task<IResult> RunFallbackAsync(HttpRequest request) =>
        RunAsync("Fallback", request, context => Task.FromResult(RouteFallback.Answer(request, context)));

    private async Task<ApiResponse> ExecuteAsync(
        ApiRoute route, HttpRequest request, RequestContext context, IReadOnlyDictionary<string, string> values)
    {
        Caller? caller = null;
        if (route.Access == RouteAccess.Tenant)
        {
            caller = await authenticator.AuthenticateTenantAsync(request, context.CancellationToken).ConfigureAwait(false);
            if (caller is null)
            {
                return context.Fail(new Failure(
                    FailureKind.Unauthorized, "Unauthorized", "Send a valid, unexpired API token as 'Authorization: Bearer <token>'."));
            }

            context.OrganizationId = caller.OrganizationId;
            if (route.Capability is { } capability && !caller.Has(capability))
            {
                return context.Fail(Failure.MissingCapability($"This token lacks the {CapabilityNames.ToName(capability)} capability."));
            }
        }
        else if (route.Access == RouteAccess.Operator && !authenticator.IsOperator(request))
        {
            return context.Fail(new Failure(
                FailureKind.Unauthorized, "Unauthorized", $"Send the operator key in the {RequestAuthenticator.AdminKeyHeader} header."));
        }

        JsonFields? body = null;
        if (route.RequestBody is { } requestBody)
        {
            var read = await JsonBody.ReadAsync(request, requestBody.Optional, context.CancellationToken)
                .ConfigureAwait(false);
            if (!read.Succeeded)
            {
                return context.Fail(read.Failure!);
            }

            body = read.Value;
        }

        var call = new RouteCall(request, context, caller, body, values);
        if (route.Idempotent && caller is not null)
        {
            return await idempotency.RunAsync(
                request, context, caller.OrganizationId, () => Fingerprint(route, request, values, body), () => route.Invoke(call)).ConfigureAwait(false);
        }

        return await route.Invoke(call).ConfigureAwait(false);
    }

    private async Task<IResult> RunAsync(string operation, HttpRequest request, Func<RequestContext, Task<ApiResponse>> handle)
    {
        var context = new RequestContext(CorrelationIdOf(request), request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers[CorrelationHeader] = context.CorrelationId;
        var clock = Stopwatch.StartNew();
        ApiResponse result;
        try
        {
            result = await handle(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("{Operation} cancelled by the client after {ElapsedMs} ms; correlation {CorrelationId}",
                operation, clock.ElapsedMilliseconds, context.CorrelationId);
            return Results.StatusCode(499);
        }
        catch (BadHttpRequestException e)
        {
            // The web server refused the request itself (body too slow, broken chunked framing, too large): the
            // client's fault, answered with the server's own status and logged without a stack trace.
            logger.LogInformation("{Operation} refused by the web server: {Status} {Reason}; correlation {CorrelationId}",
                operation, e.StatusCode, e.Message, context.CorrelationId);
            result = context.Fail(e.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout =>
                    new Failure(FailureKind.RequestTimeout, "Request timeout", "The request body arrived too slowly; send it again."),
                StatusCodes.Status413PayloadTooLarge => JsonBody.TooLarge(),
                _ => new Failure(FailureKind.MalformedRequest, "Malformed request", "The request's HTTP framing is broken; send it again."),
            });
        }
        catch (StoreContentionException)
        {
            result = context.Fail(
                new Failure(FailureKind.Busy, "Busy", "Too many concurrent changes to this organization; nothing was changed. Retry shortly."),
                new Dictionary<string, string> { ["Retry-After"] = "1" });
        }
        catch (Exception e)
        {
            logger.LogError("{Operation} failed unexpectedly; organization {OrganizationId}; correlation {CorrelationId}: {Exception}",
                operation, context.OrganizationId, context.CorrelationId, SafeException.Describe(e));
            return Problem.Internal(context.CorrelationId);
        }

        logger.LogInformation(
            "{Operation} answered {Status} {Code} in {ElapsedMs} ms; organization {OrganizationId}; correlation {CorrelationId}",
            operation, result.StatusCode, context.Replayed ? "replayed" : context.FailureCode ?? "ok", clock.ElapsedMilliseconds,
            context.OrganizationId, context.CorrelationId);
        return result;
    }

    /// <summary>
    /// What "the same request" means for an Idempotency-Key: the route, its route values, If-Match and the body
    /// (as its SHA-256), so one key reused on another bucket or route is a different request (422), never a replay.
    /// </summary>
    private static byte[] Fingerprint(ApiRoute route, HttpRequest request, IReadOnlyDictionary<string, string> values, JsonFields? body)
    {
        var text = new StringBuilder(route.Name).Append('\n');
        foreach (var name in route.RouteParameterNames)
        {
            text.Append(values[name]).Append('\n');
        }

        text.Append(request.Headers.IfMatch.ToString()).Append('\n');
        text.Append(body is null ? string.Empty : Convert.ToHexString(body.BodyHash));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A caller's own correlation id is kept when it is short and plain; anything else is replaced.</summary>
    private static string CorrelationIdOf(HttpRequest request)
    {
        var presented = request.Headers[CorrelationHeader].ToString();
        return PlainId().IsMatch(presented) ? presented : Guid.NewGuid().ToString("N");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}\\z")]
    private static partial Regex PlainId();
}
