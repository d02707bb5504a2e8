using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Probing;

/// <summary>
/// Builds every provider's <see cref="ProbeResult"/> the same way: the full ordered list of checks, each one before the
/// failing step passed (reaching a step proves the ones before it), the failing step false, every later step skipped.
/// Message and details are redacted against the request's secret, as a last guard: providers word them themselves.
/// </summary>
public static class ProbeReport
{
    public const string SkippedDetail = "skipped: an earlier check failed";

    /// <summary>Every step passed. <paramref name="details"/> overrides the standard wording of a step.</summary>
    public static ProbeResult Verified(
        ProbeRequest request, string message, TimeSpan latency, string? actualRegion = null,
        IReadOnlyDictionary<string, string>? details = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checks = ProbeCheckNames.For(request.CheckWrite)
            .Select(name => new ProbeCheck(name, true, Redact(Detail(name, details), request.Credential)))
            .ToList();
        return new ProbeResult(ProbeOutcome.Verified, Redact(message, request.Credential), latency, checks, actualRegion);
    }

    /// <summary>
    /// The check failed at <paramref name="failedCheck"/>, one of <see cref="ProbeCheckNames.For"/> for the request.
    /// </summary>
    public static ProbeResult Failed(
        ProbeRequest request, ProbeOutcome outcome, string message, TimeSpan latency, string failedCheck, string failedDetail,
        string? actualRegion = null, IReadOnlyDictionary<string, string>? details = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failedCheck);
        if (outcome == ProbeOutcome.Verified)
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A failed check needs a failure outcome.");
        }

        var names = ProbeCheckNames.For(request.CheckWrite);
        var failedAt = IndexOf(names, failedCheck);
        var checks = new List<ProbeCheck>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            checks.Add(i < failedAt ? new ProbeCheck(names[i], true, Redact(Detail(names[i], details), request.Credential))
                : i == failedAt ? new ProbeCheck(names[i], false, Redact(failedDetail, request.Credential))
                : new ProbeCheck(names[i], null, SkippedDetail));
        }

        return new ProbeResult(outcome, Redact(message, request.Credential), latency, checks, actualRegion);
    }

    /// <summary>Replaces the secret (and, for a multi-line secret such as a service-account JSON, each long line of it).</summary>
    public static string Redact(string text, StorageCredential credential)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(credential);
        var secret = credential.Secret.Reveal();
        if (secret.Length < 4)
        {
            return text;
        }

        var redacted = text.Replace(secret, SecretString.Placeholder, StringComparison.Ordinal);
        foreach (var line in secret.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length >= 16)
            {
                redacted = redacted.Replace(line, SecretString.Placeholder, StringComparison.Ordinal);
            }
        }

        return redacted;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "Not a check of this request.");
    }

    private static string Detail(string name, IReadOnlyDictionary<string, string>? details) =>
        details is not null && details.TryGetValue(name, out var detail) ? detail : name switch
        {
            ProbeCheckNames.EndpointAllowed => "the endpoint is allowed",
            ProbeCheckNames.Reachable => "the provider answered",
            ProbeCheckNames.Authenticated => "the provider accepted the credentials",
            ProbeCheckNames.BucketExists => "the bucket exists",
            ProbeCheckNames.ListAllowed => "the credentials can list the bucket",
            ProbeCheckNames.WriteAllowed => "wrote a probe object",
            ProbeCheckNames.DeleteAllowed => "deleted the probe object",
            _ => "passed",
        };
}
