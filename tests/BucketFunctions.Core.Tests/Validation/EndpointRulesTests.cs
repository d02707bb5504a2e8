using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

public sealed class EndpointRulesTests
{
    private static readonly EndpointOptions Production = new();
    private static readonly EndpointOptions Development = new() { AllowLoopbackHttp = true };

    private static FieldError AssertRefused(string endpoint, EndpointOptions options, FieldErrorKind kind)
    {
        var error = EndpointRules.Check(endpoint, options, out var uri);
        Assert.NotNull(error);
        Assert.Null(uri);
        Assert.Equal("endpoint", error.Field);
        Assert.Equal(kind, error.Kind);
        return error;
    }

    [Theory]
    [InlineData("https://gateway.storjshare.io")]
    [InlineData("https://gateway.storjshare.io/")]
    [InlineData("https://account.r2.cloudflarestorage.com")]
    [InlineData("https://minio.example.com:9000")]
    [InlineData("https://storage.example.com/base/path")]
    [InlineData("HTTPS://S3.EXAMPLE.COM")]
    [InlineData("https://8.8.8.8")]
    [InlineData("https://[2606:4700:4700::1111]")]
    public void Https_endpoint_is_accepted_and_parsed(string endpoint)
    {
        Assert.Null(EndpointRules.Check(endpoint, Production, out var uri));
        Assert.NotNull(uri);
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
    }

    [Theory]
    [InlineData("http://gateway.storjshare.io")]
    [InlineData("http://8.8.8.8")]
    public void Http_endpoint_is_not_allowed(string endpoint) =>
        Assert.Contains("https", AssertRefused(endpoint, Production, FieldErrorKind.EndpointNotAllowed).Message);

    [Theory]
    [InlineData("http://gateway.storjshare.io")]
    [InlineData("http://8.8.8.8")]
    [InlineData("http://10.0.0.5")]
    public void Http_endpoint_is_not_allowed_even_in_development_unless_loopback(string endpoint) =>
        AssertRefused(endpoint, Development, FieldErrorKind.EndpointNotAllowed);

    [Theory]
    [InlineData("http://localhost:4568")]
    [InlineData("http://LOCALHOST:10000/devstoreaccount1")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("http://127.1.2.3:9000")]
    [InlineData("http://[::1]:9000")]
    [InlineData("https://localhost:9000")]
    [InlineData("https://127.0.0.1:9000")]
    public void Loopback_endpoint_is_allowed_with_AllowLoopbackHttp(string endpoint)
    {
        Assert.Null(EndpointRules.Check(endpoint, Development, out var uri));
        Assert.NotNull(uri);
    }

    [Theory]
    [InlineData("http://localhost:4568")]
    [InlineData("http://127.0.0.1:10000")]
    [InlineData("http://[::1]:9000")]
    [InlineData("https://localhost")]
    [InlineData("https://127.0.0.1")]
    [InlineData("https://[::1]")]
    [InlineData("https://2130706433")]
    [InlineData("https://[::ffff:127.0.0.1]")]
    public void Loopback_endpoint_is_not_allowed_without_AllowLoopbackHttp(string endpoint) =>
        AssertRefused(endpoint, Production, FieldErrorKind.EndpointNotAllowed);

    [Theory]
    [InlineData("http://10.0.0.5")]
    [InlineData("https://10.0.0.5")]
    [InlineData("https://169.254.169.254")]
    [InlineData("https://[fd00:ec2::254]")]
    [InlineData("https://192.168.1.1")]
    [InlineData("https://172.16.0.1")]
    [InlineData("https://100.64.0.1")]
    [InlineData("https://0.0.0.0")]
    [InlineData("https://[fe80::1]")]
    [InlineData("https://[::ffff:10.0.0.1]")]
    [InlineData("https://0xa9fea9fe")]
    public void Non_public_ip_endpoint_is_not_allowed(string endpoint)
    {
        AssertRefused(endpoint, Production, FieldErrorKind.EndpointNotAllowed);
        AssertRefused(endpoint, Development, FieldErrorKind.EndpointNotAllowed);
    }

    [Theory]
    [InlineData("ftp://files.example.com")]
    [InlineData("file://server/share")]
    [InlineData("gopher://example.com")]
    [InlineData("ws://example.com")]
    public void Other_schemes_are_not_allowed(string endpoint) =>
        AssertRefused(endpoint, Development, FieldErrorKind.EndpointNotAllowed);

    [Theory]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("gateway.storjshare.io")]
    [InlineData("/relative/path")]
    [InlineData("https://")]
    [InlineData("https:///path")]
    [InlineData("https://host:99999")]
    public void Malformed_endpoint_is_invalid(string endpoint) =>
        AssertRefused(endpoint, Production, FieldErrorKind.Invalid);

    [Theory]
    [InlineData("https://user:pw@host")]
    [InlineData("https://user@host")]
    [InlineData("https://@host")]
    public void Endpoint_with_user_info_is_invalid(string endpoint) =>
        Assert.Contains("user name or password", AssertRefused(endpoint, Production, FieldErrorKind.Invalid).Message);

    [Theory]
    [InlineData("https://host/?x=1")]
    [InlineData("https://host/?")]
    [InlineData("https://host/#fragment")]
    [InlineData("https://host#")]
    public void Endpoint_with_query_or_fragment_is_invalid(string endpoint) =>
        Assert.Contains("query string or a fragment", AssertRefused(endpoint, Production, FieldErrorKind.Invalid).Message);

    [Theory]
    [InlineData("https://gateway.example.com\u202e")]
    [InlineData("https://gate\u200bway.example.com")]
    [InlineData("https://gateway.example.com/\u0000")]
    [InlineData("\ufeffhttps://gateway.example.com")]
    public void Endpoint_with_a_control_or_invisible_character_is_invalid(string endpoint) =>
        Assert.Contains("invisible", AssertRefused(endpoint, Development, FieldErrorKind.Invalid).Message);

    [Fact]
    public void Validator_reports_a_refused_endpoint_with_the_endpoint_not_allowed_kind()
    {
        var result = new BucketRegistrationValidator(Production).Validate(ValidInputs.S3Compatible with { Endpoint = "https://169.254.169.254" });

        var error = Assert.Single(result.Errors);
        Assert.Equal("/endpoint", error.Pointer);
        Assert.Equal(FieldErrorKind.EndpointNotAllowed, error.Kind);
    }

    [Fact]
    public void Validator_accepts_a_local_emulator_endpoint_only_in_development()
    {
        var input = ValidInputs.Azure with { Key = "devstoreaccount1", Endpoint = "http://127.0.0.1:10000/devstoreaccount1" };

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), new BucketRegistrationValidator(Development).Validate(input).Value?.Endpoint);
        Assert.False(new BucketRegistrationValidator(Production).Validate(input).IsValid);
    }
}
