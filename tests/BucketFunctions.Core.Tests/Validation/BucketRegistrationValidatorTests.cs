using System.Text.RegularExpressions;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

public sealed class BucketRegistrationValidatorTests
{
    private readonly BucketRegistrationValidator validator = new(new EndpointOptions());

    private static FieldError SingleError(ValidationResult<BucketRegistration> result, string field)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        return error;
    }

    private static void AssertError(FieldError error, string field, FieldErrorKind kind)
    {
        Assert.Equal(field, error.Field);
        Assert.Equal("/" + field, error.Pointer);
        Assert.Equal(kind, error.Kind);
    }

    // ---- the whole request ----

    [Theory]
    [InlineData("Has_Upper", true)]
    [InlineData("ab", true)]
    [InlineData("-edge", true)]
    [InlineData("under_score.and-dash", false)]
    public void An_invalid_storage_type_still_checks_the_bucket_against_what_every_provider_requires(string bucket, bool bucketBroken)
    {
        var result = validator.Validate(ValidInputs.S3 with { StorageType = "FTP", Bucket = bucket });

        var fields = result.Errors.Select(e => e.Field).ToList();
        Assert.Equal(bucketBroken ? ["bucket", "storageType"] : ["storageType"], fields);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void The_workspace_is_required_as_flashback_marks_it(string? workspaceId)
    {
        SingleError(validator.Validate(ValidInputs.S3 with { WorkspaceId = workspaceId }), "workspaceId");
    }

    [Theory]
    [InlineData("ws-main\n")]
    [InlineData("ws-main\r\n")]
    public void A_workspace_id_with_a_trailing_line_break_is_refused(string workspaceId) =>
        SingleError(validator.Validate(ValidInputs.S3 with { WorkspaceId = workspaceId }), "workspaceId");

    [Fact]
    public void A_valid_S3_request_is_normalized_into_a_registration()
    {
        var result = validator.Validate(ValidInputs.S3 with { Name = "  My Backup Bucket \t" });

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        var registration = result.Value!;
        Assert.Equal("My Backup Bucket", registration.Name);
        Assert.Equal("my-backup-bucket-2024", registration.BucketName);
        Assert.Equal(StorageType.S3, registration.StorageType);
        Assert.Equal("AKIAIOSFODNN7EXAMPLE", registration.Credential.Key);
        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", registration.Credential.Secret.Reveal());
        Assert.Equal("us-east-1", registration.Region);
        Assert.Null(registration.Endpoint);
        Assert.Equal("workspace-123", registration.WorkspaceId);
    }

    [Fact]
    public void A_valid_S3_compatible_request_keeps_its_endpoint_as_a_uri()
    {
        var result = validator.Validate(ValidInputs.S3Compatible);

        Assert.True(result.IsValid);
        Assert.Equal(new Uri("https://gateway.storjshare.io"), result.Value!.Endpoint);
        Assert.Equal("us1", result.Value.Region);
    }

    [Fact]
    public void A_valid_GCS_request_passes() => Assert.Equal(StorageType.Gcs, validator.Validate(ValidInputs.Gcs).Value?.StorageType);

    [Fact]
    public void A_valid_AZURE_request_passes_without_region_or_endpoint()
    {
        var registration = validator.Validate(ValidInputs.Azure).Value;

        Assert.NotNull(registration);
        Assert.Equal(StorageType.Azure, registration.StorageType);
        Assert.Null(registration.Region);
        Assert.Null(registration.Endpoint);
    }

    [Fact]
    public void Every_broken_field_is_reported_at_once_with_its_name_and_pointer()
    {
        var result = validator.Validate(ValidInputs.S3 with
        {
            Name = "   ",
            Bucket = "Not_A_Bucket",
            Region = "",
            Endpoint = "http://example.com",
        });

        Assert.False(result.IsValid);
        Assert.Collection(
            result.Errors,
            e => AssertError(e, "name", FieldErrorKind.Invalid),
            e => AssertError(e, "bucket", FieldErrorKind.Invalid),
            e => AssertError(e, "region", FieldErrorKind.Invalid),
            e => AssertError(e, "endpoint", FieldErrorKind.EndpointNotAllowed));
    }

    [Fact]
    public void An_empty_request_reports_every_required_field_and_nothing_optional()
    {
        var result = validator.Validate(new BucketRegistrationInput());

        Assert.Equal(["name", "bucket", "storageType", "key", "secret", "workspaceId"], result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Contains("required", e.Message));
    }

    [Fact]
    public void Every_field_broken_at_once_gives_one_error_per_field()
    {
        var result = validator.Validate(new BucketRegistrationInput
        {
            Name = "",
            Bucket = "",
            StorageType = "FTP",
            Key = "has space",
            Secret = new SecretString(" "),
            Region = "",
            Endpoint = "not a url",
            WorkspaceId = "bad/workspace",
        });

        Assert.Equal(
            ["name", "bucket", "storageType", "key", "secret", "region", "endpoint", "workspaceId"],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_rejects_a_null_input() => Assert.Throws<ArgumentNullException>(() => validator.Validate(null!));

    [Fact]
    public void The_validator_needs_endpoint_options() => Assert.Throws<ArgumentNullException>(() => new BucketRegistrationValidator(null!));

    // ---- name ----

    [Theory]
    [InlineData("a", "a")]
    [InlineData("  Padded name  ", "Padded name")]
    [InlineData("Sauvegarde été 2024 🚀", "Sauvegarde été 2024 🚀")]
    [InlineData("\u00A0nbsp-trimmed\u00A0", "nbsp-trimmed")]
    public void Name_is_trimmed_and_accepted(string name, string expected) =>
        Assert.Equal(expected, validator.Validate(ValidInputs.S3 with { Name = name }).Value?.Name);

    [Fact]
    public void Name_accepts_100_characters_after_trimming() =>
        Assert.True(validator.Validate(ValidInputs.S3 with { Name = "  " + new string('n', 100) + "  " }).IsValid);

    [Fact]
    public void Name_counts_an_emoji_as_one_character() =>
        Assert.True(validator.Validate(ValidInputs.S3 with { Name = new string('n', 99) + "🚀" }).IsValid);

    [Fact]
    public void Name_rejects_101_characters() =>
        Assert.Contains("at most 100", SingleError(validator.Validate(ValidInputs.S3 with { Name = new string('n', 101) }), "name").Message);

    [Fact]
    public void Name_is_required() =>
        Assert.Contains("required", SingleError(validator.Validate(ValidInputs.S3 with { Name = null }), "name").Message);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Name_rejects_empty_or_whitespace_only(string name) =>
        SingleError(validator.Validate(ValidInputs.S3 with { Name = name }), "name");

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("tab\tinside")]
    [InlineData("nul\0char")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("bidi\u202Eoverride")]
    [InlineData("bom\uFEFF")]
    [InlineData("line\u2028separator")]
    [InlineData("paragraph\u2029separator")]
    public void Name_rejects_control_format_and_separator_characters(string name) =>
        Assert.Contains("control", SingleError(validator.Validate(ValidInputs.S3 with { Name = name }), "name").Message);

    [Theory]
    [InlineData(0xD800, 0x0020)] // high surrogate without its low half
    [InlineData(0x0020, 0xDC00)] // low surrogate without its high half
    [InlineData(0xDC00, 0xD800)] // halves in the wrong order
    public void Name_rejects_broken_surrogate_pairs(int first, int second)
    {
        // Built at run time: xunit mangles an unpaired surrogate written inside [InlineData].
        var name = "name " + (char)first + (char)second + " end";

        Assert.Contains("control", SingleError(validator.Validate(ValidInputs.S3 with { Name = name }), "name").Message);
    }

    // ---- storageType ----

    [Theory]
    [InlineData("S3", StorageType.S3)]
    [InlineData("s3", StorageType.S3)]
    [InlineData("GCS", StorageType.Gcs)]
    [InlineData("gcs", StorageType.Gcs)]
    [InlineData("AZURE", StorageType.Azure)]
    [InlineData("Azure", StorageType.Azure)]
    [InlineData("BLOB", StorageType.Azure)]
    [InlineData("blob", StorageType.Azure)]
    public void StorageType_accepts_S3_GCS_AZURE_and_the_BLOB_alias_in_any_case(string wire, StorageType expected)
    {
        var input = expected switch
        {
            StorageType.Gcs => ValidInputs.Gcs,
            StorageType.Azure => ValidInputs.Azure,
            _ => ValidInputs.S3,
        };

        Assert.Equal(expected, validator.Validate(input with { StorageType = wire }).Value?.StorageType);
    }

    [Theory]
    [InlineData("BLOB", "BLOB")]
    [InlineData(" blob ", "BLOB")]
    [InlineData("AZURE", "AZURE")]
    [InlineData("Azure", "AZURE")]
    public void StorageType_keeps_the_spelling_it_was_given_upper_cased(string wire, string spelling)
    {
        var registration = validator.Validate(ValidInputs.Azure with { StorageType = wire }).Value!;

        Assert.Equal((StorageType.Azure, spelling), (registration.StorageType, registration.StorageTypeName));
    }

    [Fact]
    public void An_empty_body_is_refused_for_exactly_the_fields_a_create_requires_and_the_credential()
    {
        var fields = validator.Validate(new BucketRegistrationInput()).Errors.Select(e => e.Field);

        Assert.Equal(
            RegistrationFields.All.Where(f => RegistrationFields.RequiredOnCreate.Contains(f) || RegistrationFields.Credential.Contains(f)),
            fields);
    }

    [Fact]
    public void With_apiKeyUuid_key_and_secret_are_not_asked_for_but_an_unread_key_is_never_valid()
    {
        var input = ValidInputs.S3 with { Key = null, Secret = null, ApiKeyUuid = Guid.NewGuid().ToString() };

        var errors = validator.Validate(input).Errors;
        var withBadName = validator.Validate(input with { Name = " " }).Errors;

        Assert.Equal(RegistrationFields.ApiKeyUuid, Assert.Single(errors).Field);
        Assert.Equal(RegistrationFields.Name, Assert.Single(withBadName).Field);
    }

    [Theory]
    [InlineData("GBRZ6B4XQ7MQ4JX3HUJZ6LVKQ2FZ2WJ6Y7G5F7BDRK4UKZ5M3Y4J6P2T")]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("eip155:1:0xab16a96D359eC26a11e2C2b3d8f8B8942d5Bfcdb")]
    [InlineData("a")]
    public void A_wallet_address_is_kept_as_given(string wallet) =>
        Assert.Equal(wallet, validator.Validate(ValidInputs.S3 with { WalletAddress = wallet }).Value!.WalletAddress);

    [Fact]
    public void An_empty_wallet_address_is_none() =>
        Assert.Null(validator.Validate(ValidInputs.S3 with { WalletAddress = string.Empty }).Value!.WalletAddress);

    [Theory]
    [InlineData("G ABC")]
    [InlineData("G/ABC")]
    [InlineData("GABC\n")]
    [InlineData("G\u200BABC")]
    [InlineData("ＧABC")]
    public void A_wallet_address_with_anything_but_letters_digits_and_separators_is_refused(string wallet) =>
        SingleError(validator.Validate(ValidInputs.S3 with { WalletAddress = Regex.Unescape(wallet) }), "walletAddress");

    [Fact]
    public void A_wallet_address_is_at_most_128_characters()
    {
        Assert.True(validator.Validate(ValidInputs.S3 with { WalletAddress = new string('a', 128) }).IsValid);
        SingleError(validator.Validate(ValidInputs.S3 with { WalletAddress = new string('a', 129) }), "walletAddress");
    }

    [Theory]
    [InlineData("")]
    [InlineData("FTP")]
    [InlineData("AWS")]
    [InlineData("S 3")]
    public void StorageType_rejects_unknown_values(string wire) =>
        SingleError(validator.Validate(ValidInputs.S3 with { StorageType = wire }), "storageType");

    [Fact]
    public void StorageType_is_required() =>
        Assert.Contains("required", SingleError(validator.Validate(ValidInputs.S3 with { StorageType = null }), "storageType").Message);

    // ---- bucket ----

    [Fact]
    public void Bucket_is_required() =>
        Assert.Contains("required", SingleError(validator.Validate(ValidInputs.S3 with { Bucket = null }), "bucket").Message);

    [Fact]
    public void Bucket_is_still_required_when_the_storage_type_is_invalid()
    {
        var result = validator.Validate(ValidInputs.S3 with { Bucket = null, StorageType = "FTP" });

        Assert.Equal(["bucket", "storageType"], result.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(" my-bucket")]
    [InlineData("my-bucket ")]
    public void Bucket_is_not_trimmed(string bucket) =>
        SingleError(validator.Validate(ValidInputs.S3 with { Bucket = bucket }), "bucket");

    [Theory]
    [InlineData("S3", "my_bucket", false)]
    [InlineData("GCS", "my_bucket", true)]
    [InlineData("AZURE", "my--container", false)]
    [InlineData("AZURE", "my-container", true)]
    public void Bucket_is_checked_with_the_rules_of_its_storage_type(string storageType, string bucket, bool valid)
    {
        var input = storageType switch
        {
            "GCS" => ValidInputs.Gcs,
            "AZURE" => ValidInputs.Azure,
            _ => ValidInputs.S3,
        };

        var result = validator.Validate(input with { Bucket = bucket });

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            SingleError(result, "bucket");
        }
    }

    // ---- key ----

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("k")]
    [InlineData("service-account@project.iam.gserviceaccount.com")]
    public void Key_accepts_access_key_ids_and_client_emails(string key) =>
        Assert.True(validator.Validate(ValidInputs.S3 with { Key = key }).IsValid);

    [Fact]
    public void Key_accepts_256_characters() =>
        Assert.True(validator.Validate(ValidInputs.S3 with { Key = new string('K', 256) }).IsValid);

    [Fact]
    public void Key_rejects_257_characters() =>
        Assert.Contains("at most 256", SingleError(validator.Validate(ValidInputs.S3 with { Key = new string('K', 257) }), "key").Message);

    [Fact]
    public void Key_is_required() =>
        Assert.Contains("required", SingleError(validator.Validate(ValidInputs.S3 with { Key = null }), "key").Message);

    [Theory]
    [InlineData(" AKIA")]
    [InlineData("AKIA ")]
    [InlineData("AK IA")]
    [InlineData("AKIA\n")]
    [InlineData("AK\0IA")]
    [InlineData("AK\u200BIA")]
    public void Key_rejects_whitespace_and_control_characters(string key) =>
        SingleError(validator.Validate(ValidInputs.S3 with { Key = key }), "key");

    [Theory]
    [InlineData("abc")]
    [InlineData("mystorageaccount")]
    [InlineData("devstoreaccount1")]
    [InlineData("abcdefghijklmnopqrstuvwx")]
    public void Azure_key_accepts_a_storage_account_name(string key) =>
        Assert.True(validator.Validate(ValidInputs.Azure with { Key = key }).IsValid);

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijklmnopqrstuvwxy")]
    [InlineData("MyStorageAccount")]
    [InlineData("my-storage")]
    [InlineData("my_storage")]
    public void Azure_key_rejects_anything_but_3_to_24_lowercase_letters_and_digits(string key) =>
        Assert.Contains("storage account name", SingleError(validator.Validate(ValidInputs.Azure with { Key = key }), "key").Message);

    [Fact]
    public void Key_for_an_unknown_storage_type_gets_the_generic_rules_only()
    {
        var result = validator.Validate(ValidInputs.S3 with { StorageType = "FTP", Key = "AKIAIOSFODNN7EXAMPLE" });

        SingleError(result, "storageType");
    }

    // ---- workspaceId ----

    [Theory]
    [InlineData("workspace-123")]
    [InlineData("w")]
    [InlineData("Team_A.prod-1")]
    public void WorkspaceId_accepts_letters_digits_hyphens_underscores_and_dots(string workspaceId) =>
        Assert.Equal(workspaceId, validator.Validate(ValidInputs.S3 with { WorkspaceId = workspaceId }).Value?.WorkspaceId);

    [Fact]
    public void WorkspaceId_accepts_64_characters() =>
        Assert.True(validator.Validate(ValidInputs.S3 with { WorkspaceId = new string('w', 64) }).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("été")]
    public void WorkspaceId_rejects_empty_or_other_characters(string workspaceId) =>
        SingleError(validator.Validate(ValidInputs.S3 with { WorkspaceId = workspaceId }), "workspaceId");

    [Fact]
    public void WorkspaceId_rejects_65_characters() =>
        SingleError(validator.Validate(ValidInputs.S3 with { WorkspaceId = new string('w', 65) }), "workspaceId");
}
