using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;
using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Cloud.Storage.V1;

namespace BucketFunctions.Infrastructure.Probing.Gcs;

/// <summary>
/// GCS with a service-account key, through Google.Cloud.Storage.V1: a token from the key file's <c>token_uri</c> (the
/// JWT-bearer grant, signed with the key's RSA private key), then <c>buckets.get</c> and <c>testIamPermissions</c> on the
/// bucket for <c>storage.objects.list</c> (and <c>create</c>/<c>delete</c> with a write check). Both hosts go through the
/// guarded handler. A client is made per check, since its credential is the check's. The key file is never logged or
/// returned; messages are this class's own wording.
/// </summary>
internal sealed partial class GcsServiceAccountCheck(ProviderHttp http)
{
    public const string Scope = "https://www.googleapis.com/auth/devstorage.read_only";

    private static readonly GetBucketOptions GetOptions = new() { Projection = Projection.NoAcl, RetryOptions = RetryOptions.Never };
    private static readonly TestBucketIamPermissionsOptions IamOptions = new() { RetryOptions = RetryOptions.Never };

    private readonly GuardedGoogleHttpClientFactory clientFactory = new(http);

    /// <summary>
    /// Runs the check against the JSON API at <paramref name="api"/>; null when it passed. The key file is the one
    /// validation parsed (<see cref="ProbeRequest.ServiceAccount"/>), or, for a stored secret, parsed here.
    /// </summary>
    public async Task<ProviderFailure?> CheckAsync(
        ProbeRequest request, Uri api, string where, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        if ((request.ServiceAccount ?? ServiceAccountKey.Parse(request.Credential.Secret.Reveal(), out _)) is not { } key)
        {
            return Rejected("The secret is not a service-account key file.", "not sent: the key file could not be read");
        }

        if (!string.Equals(key.ClientEmail, request.Credential.Key, StringComparison.OrdinalIgnoreCase))
        {
            return Rejected("The key must be the client_email of the service-account JSON.", "not sent: key and client_email differ");
        }

        // Google's clients hide why a connection failed, so both hosts are checked (and resolved) before any call.
        await http.Guard.CheckEndpointAsync(api, cancellationToken).ConfigureAwait(false);
        await http.Guard.CheckEndpointAsync(key.TokenUri, cancellationToken).ConfigureAwait(false);

        // Built from the fields already read, not CredentialFactory.FromJson (GoogleCredential.FromJson is obsolete): that
        // would read the key file a second time, and only the initializer takes the guarded factory and the back-off.
        if (Credential(key, Scope) is not { } credential)
        {
            return Rejected("The service account's private_key could not be read.", "not sent: private_key is not an RSA key in PEM");
        }

        var tokenHost = key.TokenUri.GetLeftPart(UriPartial.Authority);
        if (await AuthenticateAsync(credential, tokenHost, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        details[ProbeCheckNames.Authenticated] = $"{tokenHost} issued a token";

        // Given as Credential, used as is: a GoogleCredential would be switched to self-signed JWTs (the builder's
        // UseJwtAccessWithScopes), skipping the token endpoint, where Google says whether the key is valid. The client
        // reuses the token fetched above.
        using var storage = Storage(credential, api);
        return await TestBucketAsync(storage, request, where, details, cancellationToken).ConfigureAwait(false);

        static ProviderFailure Rejected(string message, string detail) =>
            new(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated, message, detail);
    }

    /// <summary>A JSON API client at <paramref name="api"/> with the credential, over the guarded handler (one try, bounded answers).</summary>
    internal StorageClient Storage(ServiceAccountCredential credential, Uri api) => new StorageClientBuilder
    {
        Credential = credential,
        HttpClientFactory = clientFactory,
        BaseUri = api.AbsoluteUri.TrimEnd('/') + "/storage/v1/",
    }.Build();

    /// <summary>
    /// The service account's credential for <paramref name="scope"/> over the guarded handler; null when its key cannot be read.
    /// </summary>
    internal ServiceAccountCredential? Credential(ServiceAccountKey key, string scope)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return new ServiceAccountCredential(new ServiceAccountCredential.Initializer(key.ClientEmail, key.TokenUri.AbsoluteUri)
            {
                Scopes = [scope],
                KeyId = key.PrivateKeyId,
                HttpClientFactory = clientFactory,
                DefaultExponentialBackOffPolicy = Google.Apis.Http.ExponentialBackOffPolicy.None,
            }.FromPrivateKey(key.PrivateKey));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Fetches the token up front, so a refused key fails at <c>authenticated</c> before the JSON API is called.</summary>
    private static async Task<ProviderFailure?> AuthenticateAsync(
        ServiceAccountCredential credential, string tokenHost, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException e)
        {
            // An OAuth error (RFC 6749 5.2: a 400 or 401 with an error code such as invalid_grant) refuses the key; anything
            // else — a 5xx, or a body that is no token answer at all — says nothing about it.
            var error = e.Error?.Error;
            var status = (int?)e.StatusCode;
            return status is 400 or 401 && error is not null && OAuthErrorCode().IsMatch(error)
                ? new ProviderFailure(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                    $"The token endpoint refused the service account ({error}).", $"{tokenHost} refused the key ({error})",
                    ProviderFailure.SafeCode(error.Replace('_', '.')))
                : ProviderFailure.Unreachable("The token endpoint did not answer like an OAuth token endpoint.",
                    $"{tokenHost} answered HTTP {status}, not a token");
        }

        return string.IsNullOrWhiteSpace(token)
            ? ProviderFailure.Unreachable("The token endpoint did not answer like an OAuth token endpoint.",
                $"{tokenHost} answered without an access token")
            : null;
    }

    /// <summary>
    /// <c>buckets.get</c> for <c>bucket_exists</c>, then <c>testIamPermissions</c> for the steps after it. A service
    /// account may list a bucket without <c>storage.buckets.get</c> (roles/storage.objectViewer): its 403 stands only when
    /// the permissions do not show list either. GetBucketAsync (5.0.0) drops its CancellationToken, hence WaitAsync: the
    /// check ends on time, and disposing the client cancels the call left behind.
    /// </summary>
    private static async Task<ProviderFailure?> TestBucketAsync(
        StorageClient storage, ProbeRequest request, string where, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        var wanted = new List<(string Permission, string Check)> { ("storage.objects.list", ProbeCheckNames.ListAllowed) };
        if (request.CheckWrite)
        {
            wanted.Add(("storage.objects.create", ProbeCheckNames.WriteAllowed));
            wanted.Add(("storage.objects.delete", ProbeCheckNames.DeleteAllowed));
        }

        ProviderFailure? hidden = null;
        try
        {
            var bucket = await storage.GetBucketAsync(request.BucketName, GetOptions, cancellationToken).WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            if (bucket?.Kind != "storage#bucket")
            {
                return ProviderFailure.Garbled(where, "the GCS JSON API");
            }
        }
        catch (GoogleApiException e)
        {
            hidden = Classify(e, request.BucketName, where);
            if (e.HttpStatusCode != System.Net.HttpStatusCode.Forbidden)
            {
                return hidden;
            }
        }

        IList<string> granted;
        try
        {
            granted = await storage.TestBucketIamPermissionsAsync(
                request.BucketName, wanted.Select(w => w.Permission), IamOptions, cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (GoogleApiException e)
        {
            return Classify(e, request.BucketName, where);
        }

        if (hidden is not null)
        {
            if (!granted.Contains(wanted[0].Permission))
            {
                return hidden;
            }

            details[ProbeCheckNames.BucketExists] = "the bucket answered testIamPermissions (storage.buckets.get is not granted)";
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

    /// <summary>A JSON API error answer, by HTTP status; the provider code is the first error's reason, never its message.</summary>
    private static ProviderFailure Classify(GoogleApiException error, string bucket, string where)
    {
        var status = (int)error.HttpStatusCode;
        var answer = new ProviderAnswer(where, status, error.Error?.Errors?.FirstOrDefault()?.Reason);
        return status switch
        {
            // The client reports an answer it could not parse (a 200 in another format) as an error without a status.
            0 => ProviderFailure.Garbled(where, "the GCS JSON API"),
            401 => answer.Failed(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                "The JSON API refused the service account's token"),
            403 => answer.Failed(ProbeOutcome.PermissionDenied, ProbeCheckNames.BucketExists,
                $"The service account may not see bucket '{bucket}'"),
            404 => answer.Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists,
                $"Bucket '{bucket}' does not exist at the provider"),
            _ => answer.Unexplained(),
        };
    }

    /// <summary>
    /// A JSON API (or token endpoint) error of a bucket-creation call: an existing bucket is left untouched, a refused
    /// permission names the operation, the first error's reason is the provider's code. Null for anything else.
    /// </summary>
    public static Core.Provisioning.ProvisionResult? ClassifyProvisioning(
        Exception error, string bucket, string where, string operation, string? setting)
    {
        if (error is TokenResponseException token)
        {
            return new(Core.Provisioning.ProvisionOutcome.CredentialsRejected,
                $"The token endpoint refused the service account ({ProviderFailure.SafeCode(token.Error?.Error) ?? "no code"}).",
                RegistrationFields.Secret);
        }

        if (error is not GoogleApiException { HttpStatusCode: > 0 } failed)
        {
            return null;
        }

        var status = (int)failed.HttpStatusCode;
        var answer = new ProviderAnswer(where, status, failed.Error?.Errors?.FirstOrDefault()?.Reason);
        Core.Provisioning.ProvisionResult Result(Core.Provisioning.ProvisionOutcome outcome, string message, string? field = null) =>
            answer.Result(outcome, message, field ?? setting);
        return status switch
        {
            409 when setting is null && operation == "buckets.insert" => Result(Core.Provisioning.ProvisionOutcome.AlreadyExists,
                $"Bucket '{bucket}' already exists at the provider; it was left untouched. "
                + "Register it without provision, or pick another name",
                RegistrationFields.Bucket),
            409 when operation == "buckets.delete" => Result(Core.Provisioning.ProvisionOutcome.NotEmpty,
                $"Bucket '{bucket}' is not empty; delete its objects first", RegistrationFields.Bucket),
            401 => Result(Core.Provisioning.ProvisionOutcome.CredentialsRejected, "The JSON API refused the service account's token",
                RegistrationFields.Key),
            403 => Result(Core.Provisioning.ProvisionOutcome.PermissionDenied,
                $"The service account may not {operation} on bucket '{bucket}'", RegistrationFields.Key),
            404 when setting is null => Result(Core.Provisioning.ProvisionOutcome.NotFound,
                $"Bucket '{bucket}' does not exist at the provider", RegistrationFields.Bucket),
            >= 500 => Result(Core.Provisioning.ProvisionOutcome.ProviderUnavailable, $"The provider failed to answer {operation}"),
            _ => Result(Core.Provisioning.ProvisionOutcome.SettingRefused, $"The provider refused {operation}"),
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_]{1,64}\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex OAuthErrorCode();
}
