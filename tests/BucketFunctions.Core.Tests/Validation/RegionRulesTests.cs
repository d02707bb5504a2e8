using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

public sealed class RegionRulesTests
{
    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-central-1")]
    [InlineData("ap-southeast-2")]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-north-1")]
    [InlineData("il-central-1")]
    [InlineData("eusc-de-east-1")]
    [InlineData("ap-southeast-10")]
    public void AWS_region_accepts_aws_region_codes(string region) =>
        Assert.Null(RegionRules.Check(StorageType.S3, hasEndpoint: false, region));

    [Theory]
    [InlineData("us1")]
    [InlineData("auto")]
    [InlineData("US-EAST-1")]
    [InlineData("us-east")]
    [InlineData("us_east_1")]
    [InlineData("us-east-123")]
    [InlineData("u-east-1")]
    [InlineData("us-east-1 ")]
    [InlineData("-us-east-1")]
    [InlineData("us-east-1\n")]
    public void AWS_region_rejects_anything_but_an_aws_region_code(string region) =>
        Assert.Contains("AWS region code", RegionRules.Check(StorageType.S3, hasEndpoint: false, region)?.Message);

    [Theory]
    [InlineData("us1")]
    [InlineData("auto")]
    [InlineData("us-east-1")]
    [InlineData("fr-par")]
    [InlineData("eu-central-003")]
    [InlineData("r")]
    [InlineData("1region")]
    public void S3_compatible_region_accepts_region_codes(string region) =>
        Assert.Null(RegionRules.Check(StorageType.S3, hasEndpoint: true, region));

    [Fact]
    public void S3_compatible_region_accepts_32_characters() =>
        Assert.Null(RegionRules.Check(StorageType.S3, hasEndpoint: true, new string('r', 32)));

    [Fact]
    public void S3_compatible_region_rejects_33_characters() =>
        Assert.NotNull(RegionRules.Check(StorageType.S3, hasEndpoint: true, new string('r', 33)));

    [Theory]
    [InlineData("-auto")]
    [InlineData("auto-")]
    [InlineData("_auto")]
    [InlineData("EU_West")]
    [InlineData("US-EAST-1")]
    [InlineData("us east")]
    [InlineData("us.east")]
    [InlineData("us/east")]
    [InlineData("auto\n")]
    public void S3_compatible_region_rejects_what_an_S3_client_cannot_sign_with(string region) =>
        Assert.NotNull(RegionRules.Check(StorageType.S3, hasEndpoint: true, region));

    [Theory]
    [InlineData("US")]
    [InlineData("EU")]
    [InlineData("us")]
    [InlineData("nam4")]
    [InlineData("us-central1")]
    [InlineData("europe-west3")]
    [InlineData("ASIA-NORTHEAST1")]
    public void GCS_region_accepts_locations_in_any_case(string region) =>
        Assert.Null(RegionRules.Check(StorageType.Gcs, hasEndpoint: false, region));

    [Theory]
    [InlineData("U")]
    [InlineData("us_central1")]
    [InlineData("us central1")]
    [InlineData("-us")]
    [InlineData("us-")]
    [InlineData("us\n")]
    [InlineData("1us")]
    public void GCS_region_rejects_anything_but_a_location(string region) =>
        Assert.Contains("GCS", RegionRules.Check(StorageType.Gcs, hasEndpoint: false, region)?.Message);

    [Fact]
    public void GCS_region_rejects_64_characters() =>
        Assert.NotNull(RegionRules.Check(StorageType.Gcs, hasEndpoint: false, new string('u', 64)));

    [Theory]
    [InlineData("westeurope")]
    [InlineData("eastus2")]
    [InlineData("east-us_2")]
    public void Azure_region_accepts_simple_tokens(string region) =>
        Assert.Null(RegionRules.Check(StorageType.Azure, hasEndpoint: false, region));

    [Theory]
    [InlineData("West Europe")]
    [InlineData("-westeurope")]
    public void Azure_region_rejects_spaces_and_a_leading_symbol(string region) =>
        Assert.NotNull(RegionRules.Check(StorageType.Azure, hasEndpoint: false, region));

    [Theory]
    [InlineData(StorageType.S3, false)]
    [InlineData(StorageType.S3, true)]
    [InlineData(StorageType.Gcs, false)]
    [InlineData(StorageType.Azure, false)]
    public void Region_rejects_an_empty_string(StorageType type, bool hasEndpoint) =>
        Assert.Contains("must not be empty", RegionRules.Check(type, hasEndpoint, "")?.Message);

    [Fact]
    public void Region_error_names_the_region_field() =>
        Assert.Equal("region", RegionRules.Check(StorageType.S3, hasEndpoint: false, "bad")?.Field);

    [Fact]
    public void Region_for_an_unknown_storage_type_uses_the_lenient_rule()
    {
        Assert.Null(RegionRules.Check(null, hasEndpoint: false, "auto"));
        Assert.NotNull(RegionRules.Check(null, hasEndpoint: false, "not valid"));
    }

    [Fact]
    public void Validator_treats_region_as_optional_and_uses_the_S3_compatible_rule_when_an_endpoint_is_given()
    {
        var validator = new BucketRegistrationValidator(new());

        Assert.True(validator.Validate(ValidInputs.S3 with { Region = null }).IsValid);
        Assert.True(validator.Validate(ValidInputs.S3 with { Region = "auto", Endpoint = "https://account.r2.cloudflarestorage.com" }).IsValid);
        Assert.Equal("region", Assert.Single(validator.Validate(ValidInputs.S3 with { Region = "auto" }).Errors).Field);
    }
}
