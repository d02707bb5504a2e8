using System.Diagnostics;
using System.Text.RegularExpressions;
using BucketFunctions.Api.Auth;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Api.Http;

/// <summary>
/// What every request gets, whichever host runs it (the Functions host admits no ASP.NET Core middleware): a
/// correlation id, authentication, one log line, and the mapping of failures and unexpected errors to problem
/// responses. Logs carry ids, statuses and codes — never a body, a header value or a secret.
/// </summary>
public sealed partial class ApiPipeline(RequestAuthenticator authenticator, ILogger<ApiPipeline> logger)
{
    public const string CorrelationHeader = "x-correlation-id";

    /// <summary>A tenant route: a valid token, then the capability the route needs.</summary>
    public Task<IResult> RunTenantAsync(HttpRequest request, string operation, Capability? required, Func<RequestContext, Caller, Task<ApiResponse>> handle) =>
        RunAsync(request, operation, async context =>
        {
            var caller = await authenticator.AuthenticateTenantAsync(request, context.CancellationToken).ConfigureAwait(false);
            if (caller is null)
            {
                return context.Fail(new Failure(FailureKind.Unauthorized, "Unauthorized", "Send a valid, unexpired API token as 'Authorization: Bearer <token>'."));
            }

            context.OrganizationId = caller.OrganizationId;
            if (required is { } capability && !caller.Has(capability))
            {
                return context.Fail(Failure.MissingCapability($"This token lacks the {CapabilityNames.ToName(capability)} capability."));
            }

            return await handle(context, caller).ConfigureAwait(false);
        });

    /// <summary>An operator route: the admin key, compared in constant time.</summary>
    public Task<IResult> RunOperatorAsync(HttpRequest request, string operation, Func<RequestContext, Task<ApiResponse>> handle) =>
        RunAsync(request, operation, context => authenticator.IsOperator(request)
            ? handle(context)
            : Task.FromResult(context.Fail(new Failure(FailureKind.Unauthorized, "Unauthorized", $"Send the operator key in the {RequestAuthenticator.AdminKeyHeader} header."))));

    private async Task<IResult> RunAsync(HttpRequest request, string operation, Func<RequestContext, Task<ApiResponse>> handle)
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
            logger.LogInformation("{Operation} cancelled by the client after {ElapsedMs} ms; correlation {CorrelationId}", operation, clock.ElapsedMilliseconds, context.CorrelationId);
            return Results.StatusCode(499);
        }
        catch (StoreContentionException)
        {
            result = context.Fail(new Failure(FailureKind.Busy, "Busy", "Too many concurrent changes to this organization; nothing was changed. Retry shortly."));
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Operation} failed unexpectedly; organization {OrganizationId}; correlation {CorrelationId}", operation, context.OrganizationId, context.CorrelationId);
            return Problem.Internal(context.CorrelationId);
        }

        logger.LogInformation(
            "{Operation} answered {Status} {Code} in {ElapsedMs} ms; organization {OrganizationId}; correlation {CorrelationId}",
            operation, result.StatusCode, context.Replayed ? "replayed" : context.FailureCode ?? "ok", clock.ElapsedMilliseconds, context.OrganizationId, context.CorrelationId);
        return result;
    }

    /// <summary>A caller's own correlation id is kept when it is short and plain; anything else is replaced.</summary>
    private static string CorrelationIdOf(HttpRequest request)
    {
        var presented = request.Headers[CorrelationHeader].ToString();
        return PlainId().IsMatch(presented) ? presented : Guid.NewGuid().ToString("N");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}$")]
    private static partial Regex PlainId();
}
