using System.Text.Json;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// A Google service-account key file (<c>secret</c> for GCS): its <c>client_email</c>, <c>private_key</c>, optional
/// <c>private_key_id</c>, <c>token_uri</c> and <c>project_id</c>. Parsing never quotes the JSON in an error: it holds a private key.
/// </summary>
public sealed class ServiceAccountKey
{
    /// <summary>Google's token endpoint, used when the key file names none.</summary>
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    private ServiceAccountKey(string clientEmail, string privateKey, string? privateKeyId, Uri tokenUri, string? projectId)
    {
        ProjectId = projectId;
        ClientEmail = clientEmail;
        PrivateKey = privateKey;
        PrivateKeyId = privateKeyId;
        TokenUri = tokenUri;
    }

    public string ClientEmail { get; }

    /// <summary>The PEM private key. A secret: never log or return it.</summary>
    public string PrivateKey { get; }

    public string? PrivateKeyId { get; }

    public Uri TokenUri { get; }

    /// <summary>
    /// The key file's <c>project_id</c>: where a provisioned GCS bucket is made unless <c>provision.project</c> names another.
    /// </summary>
    public string? ProjectId { get; }

    /// <summary>True when a GCS secret is meant as a service-account key (a JSON object) rather than an HMAC secret.</summary>
    public static bool LooksLikeJson(string value) => value.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal);

    /// <summary>Parses a key file; <paramref name="error"/> says what is missing (never quoting the value) when it is not one.</summary>
    public static ServiceAccountKey? Parse(string json, out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "service_account")
            {
                error = "A GCS service-account secret must be the key file's JSON, with \"type\": \"service_account\".";
                return null;
            }

            var email = Text(root, "client_email");
            var key = Text(root, "private_key");
            if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(key))
            {
                error = "The service-account JSON must carry client_email and private_key.";
                return null;
            }

            var tokenUri = Text(root, "token_uri") ?? DefaultTokenUri;
            if (!Uri.TryCreate(tokenUri, UriKind.Absolute, out var token))
            {
                error = "The service-account JSON's token_uri must be an absolute URL.";
                return null;
            }

            error = null;
            return new ServiceAccountKey(email, key, Text(root, "private_key_id"), token, Text(root, "project_id"));
        }
        catch (JsonException)
        {
            error = "The GCS secret starts like JSON but is not valid JSON.";
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
