using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

public sealed class BucketNameRulesTests
{
    private static readonly string Chars63 = new('a', 63);
    private static readonly string Chars64 = new('a', 64);

    // ---- S3 ----

    [Theory]
    [InlineData("abc")]
    [InlineData("my-backup-bucket-2024")]
    [InlineData("my.backup.bucket")]
    [InlineData("123")]
    [InlineData("a1-b2.c3")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("xn-a")]
    [InlineData("amzn-s3-demo")]
    [InlineData("bucket-s3alias-not-at-end")]
    [InlineData("bucketmrap")]
    public void S3_bucket_name_accepts_valid_names(string name) => Assert.Null(BucketNameRules.Check(StorageType.S3, name));

    [Fact]
    public void S3_bucket_name_accepts_63_characters() => Assert.Null(BucketNameRules.Check(StorageType.S3, Chars63));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    public void S3_bucket_name_rejects_fewer_than_3_characters(string name) =>
        Assert.Contains("3 to 63", BucketNameRules.Check(StorageType.S3, name));

    [Fact]
    public void S3_bucket_name_rejects_64_characters() => Assert.Contains("3 to 63", BucketNameRules.Check(StorageType.S3, Chars64));

    [Theory]
    [InlineData("MyBucket")]
    [InlineData("my_bucket")]
    [InlineData("my bucket")]
    [InlineData(" bucket")]
    [InlineData("bucket ")]
    [InlineData("bück")]
    [InlineData("bucket/x")]
    public void S3_bucket_name_rejects_uppercase_underscore_and_other_characters(string name) =>
        Assert.Contains("only lowercase letters, digits, dots and hyphens", BucketNameRules.Check(StorageType.S3, name));

    [Theory]
    [InlineData("-bucket")]
    [InlineData("bucket-")]
    [InlineData(".bucket")]
    [InlineData("bucket.")]
    public void S3_bucket_name_rejects_names_not_starting_and_ending_with_letter_or_digit(string name) =>
        Assert.Contains("start and end", BucketNameRules.Check(StorageType.S3, name));

    [Theory]
    [InlineData("my..bucket")]
    [InlineData("a...b")]
    public void S3_bucket_name_rejects_adjacent_dots(string name) =>
        Assert.Contains("adjacent dots", BucketNameRules.Check(StorageType.S3, name));

    [Theory]
    [InlineData("my.-bucket")]
    [InlineData("my-.bucket")]
    public void S3_bucket_name_rejects_dot_next_to_hyphen(string name) =>
        Assert.Contains("dot next to a hyphen", BucketNameRules.Check(StorageType.S3, name));

    [Theory]
    [InlineData("192.168.5.4")]
    [InlineData("10.0.0.1")]
    [InlineData("999.999.999.999")]
    public void S3_bucket_name_rejects_ip_address_format(string name) =>
        Assert.Contains("IP address", BucketNameRules.Check(StorageType.S3, name));

    [Theory]
    [InlineData("xn--bucket", "xn--")]
    [InlineData("sthree-bucket", "sthree-")]
    [InlineData("sthree-configurator", "sthree-")]
    [InlineData("amzn-s3-demo-bucket", "amzn-s3-demo-")]
    public void S3_bucket_name_rejects_reserved_prefix(string name, string prefix) =>
        Assert.Contains($"reserved prefix '{prefix}'", BucketNameRules.Check(StorageType.S3, name));

    [Theory]
    [InlineData("bucket-s3alias", "-s3alias")]
    [InlineData("bucket--ol-s3", "--ol-s3")]
    [InlineData("bucket.mrap", ".mrap")]
    [InlineData("bucket--usw2-az1--x-s3", "--x-s3")]
    [InlineData("bucket--table-s3", "--table-s3")]
    public void S3_bucket_name_rejects_reserved_suffix(string name, string suffix) =>
        Assert.Contains($"reserved suffix '{suffix}'", BucketNameRules.Check(StorageType.S3, name));

    // ---- GCS ----

    [Theory]
    [InlineData("abc")]
    [InlineData("my_backup-bucket")]
    [InlineData("my-bucket.example.com")]
    [InlineData("1.2.3")]
    [InlineData("bucket_with_underscores")]
    [InlineData("gogle-ish")]
    [InlineData("my-goog")]
    public void GCS_bucket_name_accepts_valid_names(string name) => Assert.Null(BucketNameRules.Check(StorageType.Gcs, name));

    [Fact]
    public void GCS_bucket_name_accepts_63_characters_without_dots() => Assert.Null(BucketNameRules.Check(StorageType.Gcs, Chars63));

    [Fact]
    public void GCS_bucket_name_rejects_64_characters_without_dots() =>
        Assert.Contains("3 to 63", BucketNameRules.Check(StorageType.Gcs, Chars64));

    [Theory]
    [InlineData("ab")]
    [InlineData("a.")]
    public void GCS_bucket_name_rejects_fewer_than_3_characters(string name) =>
        Assert.Contains("3 to", BucketNameRules.Check(StorageType.Gcs, name));

    [Fact]
    public void GCS_bucket_name_accepts_222_characters_with_dots_and_parts_of_63()
    {
        var name = DottedName(222);
        Assert.Equal(222, name.Length);
        Assert.Null(BucketNameRules.Check(StorageType.Gcs, name));
    }

    [Fact]
    public void GCS_bucket_name_rejects_223_characters_with_dots()
    {
        var name = DottedName(223);
        Assert.Equal(223, name.Length);
        Assert.Contains("3 to 222", BucketNameRules.Check(StorageType.Gcs, name));
    }

    [Fact]
    public void GCS_bucket_name_accepts_a_dot_separated_part_of_63_characters() =>
        Assert.Null(BucketNameRules.Check(StorageType.Gcs, Chars63 + ".com"));

    [Fact]
    public void GCS_bucket_name_rejects_a_dot_separated_part_longer_than_63_characters() =>
        Assert.Contains("dot-separated part", BucketNameRules.Check(StorageType.Gcs, Chars64 + ".com"));

    [Theory]
    [InlineData("MyBucket")]
    [InlineData("my bucket")]
    [InlineData("my+bucket")]
    [InlineData("bück")]
    public void GCS_bucket_name_rejects_uppercase_and_other_characters(string name) =>
        Assert.Contains("only lowercase letters, digits, hyphens, underscores and dots", BucketNameRules.Check(StorageType.Gcs, name));

    [Theory]
    [InlineData("_bucket")]
    [InlineData("bucket_")]
    [InlineData("-bucket")]
    [InlineData("bucket.")]
    public void GCS_bucket_name_rejects_names_not_starting_and_ending_with_letter_or_digit(string name) =>
        Assert.Contains("start and end", BucketNameRules.Check(StorageType.Gcs, name));

    [Fact]
    public void GCS_bucket_name_rejects_adjacent_dots() =>
        Assert.Contains("adjacent dots", BucketNameRules.Check(StorageType.Gcs, "my..bucket"));

    [Theory]
    [InlineData("192.168.5.4")]
    [InlineData("8.8.8.8")]
    public void GCS_bucket_name_rejects_dotted_decimal_ip(string name) =>
        Assert.Contains("IP address", BucketNameRules.Check(StorageType.Gcs, name));

    [Theory]
    [InlineData("goog")]
    [InlineData("goog-bucket")]
    [InlineData("googbucket")]
    public void GCS_bucket_name_rejects_goog_prefix(string name) =>
        Assert.Contains("'goog'", BucketNameRules.Check(StorageType.Gcs, name));

    [Theory]
    [InlineData("my-google-bucket")]
    [InlineData("bucketgoogle")]
    [InlineData("my-g00gle-bucket")]
    [InlineData("my-go0gle")]
    [InlineData("my-goog1e")]
    [InlineData("my-googl3")]
    public void GCS_bucket_name_rejects_google_and_close_misspellings(string name) =>
        Assert.Contains("'google'", BucketNameRules.Check(StorageType.Gcs, name));

    [Fact]
    public void Underscore_is_valid_for_GCS_but_not_for_S3_or_Azure()
    {
        Assert.Null(BucketNameRules.Check(StorageType.Gcs, "my_bucket"));
        Assert.NotNull(BucketNameRules.Check(StorageType.S3, "my_bucket"));
        Assert.NotNull(BucketNameRules.Check(StorageType.Azure, "my_bucket"));
    }

    // ---- Azure containers ----

    [Theory]
    [InlineData("abc")]
    [InlineData("my-container-1")]
    [InlineData("1container")]
    [InlineData("a-b-c")]
    public void Azure_container_name_accepts_valid_names(string name) => Assert.Null(BucketNameRules.Check(StorageType.Azure, name));

    [Fact]
    public void Azure_container_name_accepts_63_characters() => Assert.Null(BucketNameRules.Check(StorageType.Azure, Chars63));

    [Theory]
    [InlineData("ab")]
    [InlineData("")]
    public void Azure_container_name_rejects_fewer_than_3_characters(string name) =>
        Assert.Contains("3 to 63", BucketNameRules.Check(StorageType.Azure, name));

    [Fact]
    public void Azure_container_name_rejects_64_characters() =>
        Assert.Contains("3 to 63", BucketNameRules.Check(StorageType.Azure, Chars64));

    [Theory]
    [InlineData("MyContainer")]
    [InlineData("my_container")]
    [InlineData("my.container")]
    [InlineData("my container")]
    public void Azure_container_name_rejects_uppercase_dots_underscores_and_spaces(string name) =>
        Assert.Contains("only lowercase letters, digits and hyphens", BucketNameRules.Check(StorageType.Azure, name));

    [Fact]
    public void Azure_container_name_rejects_leading_hyphen() =>
        Assert.Contains("must start with", BucketNameRules.Check(StorageType.Azure, "-container"));

    [Theory]
    [InlineData("my--container")]
    [InlineData("container-")]
    public void Azure_container_name_rejects_consecutive_or_trailing_hyphens(string name) =>
        Assert.Contains("Every hyphen", BucketNameRules.Check(StorageType.Azure, name));

    [Theory]
    [InlineData("$root")]
    [InlineData("$web")]
    [InlineData("$logs")]
    public void Azure_container_name_rejects_system_containers_with_a_clear_message(string name) =>
        Assert.Contains("reserved Azure system container", BucketNameRules.Check(StorageType.Azure, name));

    [Fact]
    public void Azure_container_name_rejects_other_dollar_names_as_bad_characters() =>
        Assert.Contains("only lowercase", BucketNameRules.Check(StorageType.Azure, "$other"));

    /// <summary>Parts of 63 'a's joined by dots, trimmed or padded to exactly <paramref name="length"/> characters.</summary>
    private static string DottedName(int length)
    {
        var parts = new List<string>();
        var remaining = length;
        while (remaining > 0)
        {
            var part = Math.Min(63, remaining - (parts.Count > 0 ? 1 : 0));
            parts.Add(new string('a', part));
            remaining -= part + (parts.Count > 1 ? 1 : 0);
        }

        return string.Join('.', parts);
    }
}
