using BucketFunctions.Api.Http;
using BucketFunctions.Core.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.App;

/// <summary>
/// The last guard of an HTTP function: an exception that escapes the Api pipeline (a function class that cannot be
/// constructed, a binding that fails) becomes the contract's 500 problem response with a correlation id, not the
/// host's bare 500. It runs inside the ASP.NET Core proxying middleware, which executes the <c>IResult</c> it leaves
/// as the invocation result. Non-HTTP functions (timers) rethrow, so the host records the failure.
/// </summary>
public sealed class ExceptionProblemMiddleware(ILogger<ExceptionProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (context.GetHttpContext() is { } httpContext)
        {
            // The pipeline sets the header as a request starts; an exception before that gets a fresh id.
            var presented = httpContext.Response.Headers[ApiPipeline.CorrelationHeader].ToString();
            var correlationId = presented.Length > 0 ? presented : Guid.NewGuid().ToString("N");

            logger.LogError(
                "{Function} failed outside the Api pipeline; invocation {InvocationId}; correlation {CorrelationId}: {Exception}",
                context.FunctionDefinition.Name, context.InvocationId, correlationId, SafeException.Describe(e));

            if (httpContext.Response.HasStarted)
            {
                httpContext.Abort();
                return;
            }

            httpContext.Response.Headers[ApiPipeline.CorrelationHeader] = correlationId;
            context.GetInvocationResult().Value = Problem.Internal(correlationId);
        }
    }
}
