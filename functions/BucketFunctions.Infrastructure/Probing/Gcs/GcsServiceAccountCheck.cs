using System.Net;
using System.Text.Json;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace BucketFunctions.Infrastructure.Probing.Gcs;

/// <summary>
/// GCS with a service-account key: a token from the key file's <c>token_uri</c> through Google.Apis.Auth (the JWT-bearer
/// grant, signed with the key's RSA private key), then the JSON API's <c>testIamPermissions</c> on the bucket for
/// <c>storage.objects.list</c> (and <c>create</c>/<c>delete</c> with a write check). Both hosts go through the endpoint
/// guard. The key file is never logged or returned; messages are this class's own wording.
/// </summary>
internal sealed partial class GcsServiceAccountCheck(ProviderHttp http)
{
    public const string Scope = "https://www.googleapis.com/auth/devstorage.read_only";
    private const int MaxBodyBytes = 64 * 1024;

    private readonly GuardedGoogleHttpClientFactory clientFactory = new(http.Handler);

    /// <summary>Runs the check against the JSON API at <paramref name="api"/>; null when it passed.</summary>
    public async Task<ProviderFailure?> CheckAsync(
        ProbeRequest request, Uri api, string where, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        if (ServiceAccountKey.Parse(request.Credential.Secret.Reveal(), out _) is not { } key)
        {
            return Rejected("The secret is not a service-account key file.", "not sent: the key file could not be read");
        }

        if (!string.Equals(key.ClientEmail, request.Credential.Key, StringComparison.OrdinalIgnoreCase))
        {
            return Rejected("The key must be the client_email of the service-account JSON.", "not sent: key and client_email differ");
        }

        await http.Guard.CheckEndpointAsync(api, cancellationToken).ConfigureAwait(false);
        await http.Guard.CheckEndpointAsync(key.TokenUri, cancellationToken).ConfigureAwait(false);

        ServiceAccountCredential credential;
        try
        {
            credential = new ServiceAccountCredential(new ServiceAccountCredential.Initializer(key.ClientEmail, key.TokenUri.AbsoluteUri)
            {
                Scopes = [Scope],
                KeyId = key.PrivateKeyId,
                HttpClientFactory = clientFactory,
                // One bounded try, like every provider call: the library would otherwise retry 5xx answers with back-off.
                DefaultExponentialBackOffPolicy = Google.Apis.Http.ExponentialBackOffPolicy.None,
            }.FromPrivateKey(key.PrivateKey));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            return Rejected("The service account's private_key could not be read.", "not sent: private_key is not an RSA key in PEM");
        }

        string token;
        try
        {
            token = await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException e)
        {
            // An OAuth error (RFC 6749 5.2: a 400 or 401 with an error code such as invalid_grant) refuses the key; anything
            // else — a 5xx, or a body that is no token answer at all — says nothing about it.
            var tokenHost = key.TokenUri.GetLeftPart(UriPartial.Authority);
            var error = e.Error?.Error;
            var status = (int?)e.StatusCode;
            return status is 400 or 401 && error is not null && OAuthErrorCode().IsMatch(error)
                ? new ProviderFailure(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                    $"The token endpoint refused the service account ({error}).", $"{tokenHost} refused the key ({error})",
                    ProviderFailure.SafeCode(error.Replace('_', '.')))
                : ProviderFailure.Unreachable("The token endpoint did not answer like an OAuth token endpoint.",
                    $"{tokenHost} answered HTTP {status}, not a token");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            return ProviderFailure.Unreachable("The token endpoint did not answer like an OAuth token endpoint.",
                $"{key.TokenUri.GetLeftPart(UriPartial.Authority)} answered without an access token");
        }

        details[ProbeCheckNames.Authenticated] = $"{key.TokenUri.GetLeftPart(UriPartial.Authority)} issued a token";
        return await TestPermissionsAsync(request, api, where, token, details, cancellationToken).ConfigureAwait(false);

        static ProviderFailure Rejected(string message, string detail) =>
            new(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated, message, detail);
    }

    private async Task<ProviderFailure?> TestPermissionsAsync(
        ProbeRequest request, Uri api, string where, string token, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        var wanted = new List<(string Permission, string Check)> { ("storage.objects.list", ProbeCheckNames.ListAllowed) };
        if (request.CheckWrite)
        {
            wanted.Add(("storage.objects.create", ProbeCheckNames.WriteAllowed));
            wanted.Add(("storage.objects.delete", ProbeCheckNames.DeleteAllowed));
        }

        var url = $"{api.AbsoluteUri.TrimEnd('/')}/storage/v1/b/{Uri.EscapeDataString(request.BucketName)}/iam/testPermissions?"
            + string.Join('&', wanted.Select(w => "permissions=" + w.Permission));
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var body = await ProviderHttp.ReadBoundedAsync(stream, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status != 200)
        {
            var said = $"HTTP {status}";
            ProviderFailure Failed(ProbeOutcome outcome, string check, string text) =>
                new(outcome, check, $"{text} ({said}).", $"{where} answered {said}");
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => Failed(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                    "The JSON API refused the service account's token"),
                HttpStatusCode.Forbidden => Failed(ProbeOutcome.PermissionDenied, ProbeCheckNames.BucketExists,
                    $"The service account may not see bucket '{request.BucketName}'"),
                HttpStatusCode.NotFound => Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists,
                    $"Bucket '{request.BucketName}' does not exist at the provider"),
                _ => Failed(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable, status >= 500
                    ? "The provider failed to answer"
                    : "The provider answered with an unexpected error"),
            };
        }

        if (Granted(body) is not { } granted)
        {
            return ProviderFailure.Garbled(where, "the GCS JSON API");
        }

        foreach (var (permission, check) in wanted)
        {
            if (!granted.Contains(permission))
            {
                return new ProviderFailure(ProbeOutcome.PermissionDenied, check,
                    $"The service account lacks {permission} on bucket '{request.BucketName}'.", $"{permission} is not granted");
            }

            details[check] = $"{permission} is granted";
        }

        return null;
    }

    /// <summary>The permissions of a testIamPermissions answer; null when the body is not one.</summary>
    private static HashSet<string>? Granted(byte[]? body)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("kind", out var kind) || kind.GetString() != "storage#testIamPermissionsResponse")
            {
                return null;
            }

            if (!root.TryGetProperty("permissions", out var permissions))
            {
                return []; // none granted: the API leaves the list out
            }

            return permissions.ValueKind == JsonValueKind.Array
                ? permissions.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!)
                    .ToHashSet(StringComparer.Ordinal)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_]{1,64}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex OAuthErrorCode();
}
