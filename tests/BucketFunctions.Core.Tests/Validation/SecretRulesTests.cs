using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

public sealed class SecretRulesTests
{
    private const string ServiceAccountJson = """
        {
          "type": "service_account",
          "project_id": "demo",
          "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n",
          "client_email": "svc@demo.iam.gserviceaccount.com"
        }
        """;

    private static FieldError? Check(StorageType? type, string secret) => SecretRules.Check(type, new SecretString(secret));

    [Theory]
    [InlineData(StorageType.S3, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData(StorageType.S3, "x")]
    [InlineData(StorageType.S3, " secret with spaces ")]
    [InlineData(StorageType.Gcs, "bGoa+V7g/yqDXvKRqq+JTFn4uQZbPiQJo4pf9RzJ")]
    [InlineData(StorageType.Gcs, ServiceAccountJson)]
    public void Secret_accepts_any_non_blank_value_for_S3_and_GCS(StorageType type, string secret) => Assert.Null(Check(type, secret));

    [Fact]
    public void Secret_accepts_16384_characters() => Assert.Null(Check(StorageType.S3, new string('s', 16384)));

    [Fact]
    public void Secret_rejects_16385_characters() =>
        Assert.Contains("at most 16384", Check(StorageType.S3, new string('s', 16385))?.Message);

    [Theory]
    [InlineData(StorageType.S3, "")]
    [InlineData(StorageType.S3, " ")]
    [InlineData(StorageType.Gcs, "\t\r\n")]
    [InlineData(StorageType.Azure, "   ")]
    public void Secret_rejects_empty_or_whitespace_only(StorageType type, string secret) =>
        Assert.Contains("must not be empty", Check(type, secret)?.Message);

    [Theory]
    [InlineData(ValidInputs.AzureAccountKey)]
    [InlineData("c2VjcmV0")]
    [InlineData("?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=abc%3D")]
    [InlineData("sv=2022-11-02&sr=c&sp=rl&sig=abc%3D")]
    public void Azure_secret_accepts_an_account_key_or_a_sas_token(string secret) => Assert.Null(Check(StorageType.Azure, secret));

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("c2VjcmV0=")]
    [InlineData("c2VjcmV")]
    [InlineData("c2Vj cmV0")]
    [InlineData("c2VjcmV0\n")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net")]
    public void Azure_secret_rejects_anything_but_an_account_key_or_a_sas_token(string secret) =>
        Assert.Contains("account key (base64) or a SAS token", Check(StorageType.Azure, secret)?.Message);

    [Theory]
    [InlineData("sp=rl&st=2024-01-01T00:00:00Z&se=2030-01-01T00:00:00Z&spr=https&sv=2022-11-02&sr=c&sig=abc%3D")]
    [InlineData("?se=2030-01-01&sv=2022-11-02&sig=abc%3D&sp=rl")]
    [InlineData("sig=abc%3D&sv=2022-11-02&si=policy-1&sr=c")]
    [InlineData("?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=abc%3D")]
    [InlineData("sv=2022-11-02&se=2030-01-01T00:00:00.0000000Z&sig=abc")]
    public void Azure_secret_accepts_a_sas_token_in_any_parameter_order(string secret) => Assert.Null(Check(StorageType.Azure, secret));

    [Theory]
    [InlineData("sp=rl&sv=2022-11-02&se=2030-01-01", "signature (sig)")]
    [InlineData("?SV=2022-11-02&sig=abc", "version (sv)")]
    [InlineData("sv=2022-11-02&sig=abc&se=next-week", "expiry (se)")]
    [InlineData("sv=2022-11-02&sig=abc&sig=def", "each parameter once")]
    [InlineData("sv=2022-11-02&sig=abc&=x", "name=value")]
    [InlineData("sv=2022-11-02&sig=a b", "name=value")]
    public void Azure_secret_rejects_a_broken_sas_token_saying_what_is_wrong(string secret, string expected) =>
        Assert.Contains(expected, Check(StorageType.Azure, secret)?.Message);

    [Fact]
    public void Azure_secret_rejects_an_expired_sas_token_by_the_given_clock()
    {
        const string token = "sp=rl&se=2026-03-01T12:00:00Z&sv=2022-11-02&sr=c&sig=abc%3D";
        var before = new FixedTime(new DateTimeOffset(2026, 3, 1, 11, 59, 59, TimeSpan.Zero));
        var after = new FixedTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.Null(SecretRules.Check(StorageType.Azure, new SecretString(token), before, out _));
        Assert.Contains("expired", SecretRules.Check(StorageType.Azure, new SecretString(token), after, out _)?.Message);
    }

    [Fact]
    public void Validator_refuses_an_expired_sas_token_on_secret()
    {
        var validator = new BucketRegistrationValidator(new EndpointOptions(), new FixedTime(DateTimeOffset.Parse("2031-01-01T00:00:00Z")));

        var result = validator.Validate(ValidInputs.Azure with { Secret = new SecretString("se=2030-01-01&sp=rl&sv=2022-11-02&sig=abc") });

        var error = Assert.Single(result.Errors);
        Assert.Equal(RegistrationFields.Secret, error.Field);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\": \"authorized_user\", \"client_email\": \"a@b.c\", \"private_key\": \"k\"}", "service_account")]
    [InlineData("{\"type\": \"service_account\", \"client_email\": \"a@b.c\"}", "client_email and private_key")]
    [InlineData("{\"type\": \"service_account\", \"client_email\": \"a@b.c\", \"private_key\": \"k\", \"token_uri\": \"x\"}", "token_uri")]
    [InlineData("{ not json", "not valid JSON")]
    public void Gcs_secret_that_is_json_must_be_a_service_account_key(string secret, string expected) =>
        Assert.Contains(expected, Check(StorageType.Gcs, secret)?.Message);

    [Fact]
    public void Gcs_service_account_key_must_match_the_client_email()
    {
        var validator = new BucketRegistrationValidator(new EndpointOptions());
        var input = ValidInputs.Gcs with { Secret = new SecretString(ServiceAccountJson) };

        Assert.True(validator.Validate(input with { Key = "svc@demo.iam.gserviceaccount.com" }).IsValid);
        Assert.True(validator.Validate(input with { Key = "SVC@demo.iam.gserviceaccount.com" }).IsValid);
        var error = Assert.Single(validator.Validate(input with { Key = "other@demo.iam.gserviceaccount.com" }).Errors);
        Assert.Equal(RegistrationFields.Key, error.Field);
        Assert.Contains("client_email", error.Message, StringComparison.Ordinal);
        Assert.True(validator.Validate(ValidInputs.Gcs).IsValid); // an HMAC secret has no email to match
    }

    /// <summary>Validation reads the key file once and hands what it read to the check at the provider.</summary>
    [Fact]
    public void A_valid_service_account_registration_carries_its_key_file_to_the_probe()
    {
        var validator = new BucketRegistrationValidator(new EndpointOptions());
        var input = ValidInputs.Gcs with { Secret = new SecretString(ServiceAccountJson), Key = "svc@demo.iam.gserviceaccount.com" };

        var registration = validator.Validate(input).Value!;
        var request = registration.ToProbeRequest(checkWrite: true);

        Assert.Equal("svc@demo.iam.gserviceaccount.com", registration.ServiceAccount?.ClientEmail);
        Assert.Same(registration.ServiceAccount, request.ServiceAccount);
        Assert.Equal(new Uri(ServiceAccountKey.DefaultTokenUri), request.ServiceAccount!.TokenUri);
        Assert.Null(validator.Validate(ValidInputs.Gcs).Value!.ToProbeRequest().ServiceAccount); // HMAC: nothing to read
    }

    [Fact]
    public void Secret_for_an_unknown_storage_type_gets_the_generic_rules_only() => Assert.Null(Check(null, "not base64 at all"));

    [Fact]
    public void Secret_is_required_by_the_validator()
    {
        var result = new BucketRegistrationValidator(new EndpointOptions()).Validate(ValidInputs.S3 with { Secret = null });

        Assert.Contains("required", Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("S3")]
    [InlineData("GCS")]
    [InlineData("AZURE")]
    [InlineData("FTP")]
    public void Error_messages_never_contain_the_secret(string storageType)
    {
        string[] badSecrets =
        [
            "hunter2-super-secret",
            "not base64 at all",
            "c2VjcmV0=",
            "c2Vj cmV0\n",
            "AccountKey=c2VjcmV0;",
            "?SV=2022-11-02&sig=topsecretsignature",
            "sp=r&sv=2022-11-02&sig=topsecretsignature",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY!",
            new string('z', 16385),
            "zz" + new string('q', 16390),
            ServiceAccountJson + new string(' ', 16384),
        ];
        var validator = new BucketRegistrationValidator(new EndpointOptions());

        foreach (var secret in badSecrets)
        {
            // Break other fields too, so every message the validator can produce alongside the secret's is checked.
            var input = ValidInputs.S3 with
            {
                StorageType = storageType,
                Bucket = "Bad_Bucket",
                Key = "Bad Key",
                Region = "",
                Secret = new SecretString(secret),
            };

            var result = validator.Validate(input);

            Assert.False(result.IsValid);
            foreach (var error in result.Errors)
            {
                Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
            }
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
