using System.Text.Json;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Credentials;

/// <summary>Types that hold a secret print and serialise as the placeholder, however they are reached.</summary>
public sealed class SecretRedactionTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void A_secret_string_serialises_as_the_placeholder()
    {
        var json = JsonSerializer.Serialize(new SecretString(Secret));

        Assert.Equal("\"[redacted]\"", json);
    }

    [Fact]
    public void A_storage_credential_prints_and_serialises_without_its_secret()
    {
        var credential = new StorageCredential("AKIAIOSFODNN7EXAMPLE", new SecretString(Secret));

        Assert.DoesNotContain(Secret, credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, $"{credential}", StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(credential);
        Assert.DoesNotContain(Secret, json, StringComparison.Ordinal);
        Assert.Contains(SecretString.Placeholder, json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registration_input_serialises_without_its_secret()
    {
        var input = new BucketRegistrationInput { Name = "n", Key = "AKIA", Secret = new SecretString(Secret) };

        Assert.DoesNotContain(Secret, JsonSerializer.Serialize(input), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, input.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_string_still_binds_to_a_secret_string()
    {
        var read = JsonSerializer.Deserialize<SecretString>("\"" + JsonEncodedText.Encode(Secret) + "\"");

        Assert.Equal(Secret, read?.Reveal());
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SecretString>("42"));
    }
}
