using System.Security.Cryptography;
using BucketFunctions.Core.Idempotency;

namespace BucketFunctions.Core.Tests.Idempotency;

public sealed class IdempotencyFingerprintTests
{
    private static readonly byte[] Hash = SHA256.HashData("{\"secret\":\"s\"}"u8);

    [Fact]
    public void The_fingerprint_is_HMAC_SHA256_of_the_hash_under_the_key_and_differs_from_the_hash()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var fingerprint = new IdempotencyFingerprint(key);

        var value = fingerprint.Of(Hash);

        Assert.Equal(HMACSHA256.HashData(key, Hash), value);
        Assert.NotEqual(Hash, value);
    }

    [Fact]
    public void Two_keys_give_two_fingerprints_of_one_hash()
    {
        using var first = new IdempotencyFingerprint(RandomNumberGenerator.GetBytes(32));
        using var second = new IdempotencyFingerprint(RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(first.Of(Hash), second.Of(Hash));
        Assert.Equal(first.Of(Hash), first.Of([.. Hash]));
    }

    [Fact]
    public void A_short_key_is_refused_and_the_key_never_prints()
    {
        Assert.Throws<ArgumentException>(() => new IdempotencyFingerprint(new byte[31]));
        Assert.Equal(nameof(IdempotencyFingerprint), new IdempotencyFingerprint(new byte[32]).ToString());
    }
}
