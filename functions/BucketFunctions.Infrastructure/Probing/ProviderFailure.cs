using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Provisioning;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// Why a check failed, in the provider classes' own words: the outcome, the step it failed at, a message for the client
/// and the step's detail. <see cref="ProviderCode"/> is the provider's error code (for logs), never its free text.
/// </summary>
internal sealed partial record ProviderFailure(
    ProbeOutcome Outcome,
    string FailedCheck,
    string Message,
    string Detail,
    string? ProviderCode = null,
    string? ActualRegion = null)
{
    public ProbeResult ToResult(ProbeRequest request, TimeSpan latency, IReadOnlyDictionary<string, string>? details = null) =>
        ProbeReport.Failed(request, Outcome, Message, latency, FailedCheck, Detail, ActualRegion, details);

    public static ProviderFailure EndpointRefused(string reason) =>
        new(ProbeOutcome.EndpointNotAllowed, ProbeCheckNames.EndpointAllowed, $"The endpoint is not allowed. {reason}", reason);

    public static ProviderFailure Unreachable(string message, string detail) =>
        new(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable, message, detail);

    /// <summary>The provider answered, but not in its own protocol (a web server answering everything, a truncated body).</summary>
    public static ProviderFailure Garbled(string where, string protocol) =>
        new(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable, $"The provider did not answer like {protocol}.",
            $"{where} answered, but not like {protocol}");

    /// <summary>
    /// The failures every HTTP provider shares: the endpoint guard's refusal, a timeout, a name that does not resolve,
    /// a connection that fails or breaks. Null for anything else (the provider class knows its own errors).
    /// </summary>
    public static ProviderFailure? FromTransport(Exception exception, bool timedOut, TimeSpan timeout, string where)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (EndpointNotAllowedException.FindIn(exception) is { } refusal)
        {
            return EndpointRefused(refusal.Message);
        }

        if (timedOut || Find<TimeoutException>(exception) is not null
            || (Find<OperationCanceledException>(exception) is not null && Find<HttpRequestException>(exception) is null))
        {
            var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            return Unreachable($"The provider did not answer within {seconds} s.", $"{where} did not answer within {seconds} s");
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain
                ? Unreachable("The endpoint's host name could not be resolved.", $"{where} could not be resolved")
                : Unreachable("The provider could not be reached.", $"could not connect to {where}");
        }

        if (Find<HttpRequestException>(exception) is not null || Find<IOException>(exception) is not null)
        {
            return Unreachable("The provider could not be reached.", $"could not connect to {where}");
        }

        return null;
    }

    /// <summary>
    /// A provider's error code when it looks like one (letters, digits, dots); null otherwise, so no free text is repeated.
    /// </summary>
    public static string? SafeCode(string? code) =>
        code is not null && ErrorCodeShape().IsMatch(code) ? code : null;

    /// <summary>What a check step does to a bucket, as a refusal names it: list, write to, or delete from.</summary>
    public static string Verb(string step) => step switch
    {
        ProbeCheckNames.WriteAllowed => "write to",
        ProbeCheckNames.DeleteAllowed => "delete from",
        _ => "list",
    };

    public static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCodeShape();
}

/// <summary>
/// A provider's error answer as every classifier quotes it: the error code when it looks like one
/// (<see cref="ProviderFailure.SafeCode"/>) and the HTTP status, answered by <paramref name="where"/>.
/// </summary>
internal sealed class ProviderAnswer(string where, int status, string? errorCode)
{
    public string? Code { get; } = ProviderFailure.SafeCode(errorCode);

    /// <summary><c>{code}, HTTP {status}</c>, or <c>HTTP {status}</c> without a code.</summary>
    public string Said => Code is null ? $"HTTP {status}" : $"{Code}, HTTP {status}";

    public ProviderFailure Failed(ProbeOutcome outcome, string check, string message) =>
        new(outcome, check, $"{message} ({Said}).", $"{where} answered {Said}", Code);

    /// <summary>A status no error code explained: the provider failed, redirected (never followed), or answered otherwise.</summary>
    public ProviderFailure Unexplained() => status switch
    {
        >= 500 => Failed(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable, "The provider failed to answer"),
        >= 300 and < 400 => Failed(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable,
            "The provider answered with a redirect, which is not followed"),
        _ => Failed(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable, "The provider answered with an unexpected error"),
    };

    public ProvisionResult Result(ProvisionOutcome outcome, string message, string? field) =>
        new(outcome, $"{message} ({where} answered {Said}).", field, Code);
}
