using System.Security.Cryptography;
using System.Text;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Credentials;

namespace BucketFunctions.Infrastructure.Tests.Credentials;

public sealed class EnvelopeCipherTests
{
    private static readonly string KeyA = EnvelopeCredentialVaultTests.NewKey();
    private static readonly CredentialScope Scope = new("org-1", Guid.NewGuid());

    [Fact]
    public void Seal_then_open_returns_the_plaintext_with_a_12_byte_nonce_and_16_byte_tag()
    {
        using var cipher = new EnvelopeCipher(EnvelopeCredentialVaultTests.Options("a", ("a", KeyA)));
        var plaintext = Encoding.UTF8.GetBytes("hello");

        var sealedEntry = cipher.Seal(Scope, plaintext);

        Assert.Equal("a", sealedEntry.KeyId);
        Assert.Equal(12, sealedEntry.Nonce.Length);
        Assert.Equal(16, sealedEntry.Tag.Length);
        Assert.Equal(plaintext, cipher.Open(Scope, sealedEntry));
    }

    [Fact]
    public void Construction_fails_without_printing_key_material_when_a_key_is_not_32_bytes()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var error = Assert.Throws<InvalidOperationException>(() => new EnvelopeCipher(EnvelopeCredentialVaultTests.Options("a", ("a", shortKey))));

        Assert.DoesNotContain(shortKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Construction_fails_when_the_active_key_id_is_not_configured()
    {
        Assert.Throws<InvalidOperationException>(() => new EnvelopeCipher(EnvelopeCredentialVaultTests.Options("b", ("a", KeyA))));
    }

    [Fact]
    public void A_malformed_nonce_is_a_cryptographic_error()
    {
        using var cipher = new EnvelopeCipher(EnvelopeCredentialVaultTests.Options("a", ("a", KeyA)));
        var sealedEntry = cipher.Seal(Scope, "hello"u8);

        Assert.Throws<CryptographicException>(() => cipher.Open(Scope, sealedEntry with { Nonce = new byte[8] }));
    }

    [Fact]
    public void A_disposed_cipher_refuses_to_work()
    {
        var cipher = new EnvelopeCipher(EnvelopeCredentialVaultTests.Options("a", ("a", KeyA)));
        cipher.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cipher.Seal(Scope, "hello"u8));
    }
}
