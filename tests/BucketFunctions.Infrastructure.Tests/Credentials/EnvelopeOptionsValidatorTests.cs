using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Credentials;

public sealed class EnvelopeOptionsValidatorTests
{
    private static readonly string RealKey = EnvelopeCredentialVaultTests.NewKey();

    [Fact]
    public void A_real_active_key_is_accepted_in_production()
    {
        var result = Validate(Environments.Production, Vault("prod-1", ("prod-1", RealKey)));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void The_sample_key_is_accepted_in_development()
    {
        var result = Validate(Environments.Development, Vault(VaultOptions.SampleKeyId, (VaultOptions.SampleKeyId, VaultOptions.SampleKey)));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void The_sample_key_is_refused_outside_development_without_printing_it(string environment)
    {
        var result = Validate(environment, Vault(VaultOptions.SampleKeyId, (VaultOptions.SampleKeyId, VaultOptions.SampleKey)));

        Assert.True(result.Failed);
        Assert.Contains("configure a real key", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(VaultOptions.SampleKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_key_is_refused_even_as_a_retired_key_under_another_id()
    {
        var result = Validate(Environments.Production, Vault("prod-1", ("prod-1", RealKey), ("old", VaultOptions.SampleKey)));

        Assert.True(result.Failed);
        Assert.Contains("Vault:Envelope:Keys:old", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(VaultOptions.SampleKey, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(RealKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_16_byte_key_is_refused_without_printing_it()
    {
        var shortKey = Convert.ToBase64String(new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });

        var result = Validate(Environments.Development, Vault("k", ("k", shortKey)));

        Assert.True(result.Failed);
        Assert.Contains("exactly 32 bytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_base64_is_refused_without_printing_it()
    {
        const string notBase64 = "this is not base64 at all!";

        var result = Validate(Environments.Development, Vault("k", ("k", notBase64)));

        Assert.True(result.Failed);
        Assert.DoesNotContain(notBase64, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_missing_active_key_id_is_refused(string? activeKeyId)
    {
        var result = Validate(Environments.Development, Vault(activeKeyId, ("k", RealKey)));

        Assert.True(result.Failed);
        Assert.Contains("ActiveKeyId", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(RealKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_key_id_that_names_no_configured_key_is_refused()
    {
        var result = Validate(Environments.Development, Vault("missing", ("k", RealKey)));

        Assert.True(result.Failed);
        Assert.Contains("'missing'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void No_keys_at_all_is_refused()
    {
        var result = Validate(Environments.Development, Vault("k"));

        Assert.True(result.Failed);
    }

    [Fact]
    public void Envelope_settings_are_not_checked_in_key_vault_mode()
    {
        var options = Vault(null);
        options.Mode = VaultMode.KeyVault;

        Assert.True(Validate(Environments.Production, options).Skipped);
    }

    [Fact]
    public void Defaults_are_envelope_mode_and_the_credentials_table()
    {
        var options = new VaultOptions();

        Assert.Equal(VaultMode.Envelope, options.Mode);
        Assert.Equal("credentials", options.Envelope.Table);
        Assert.Equal(32, Convert.FromBase64String(VaultOptions.SampleKey).Length);
    }

    private static VaultOptions Vault(string? activeKeyId, params (string Id, string Key)[] keys) =>
        new() { Envelope = EnvelopeCredentialVaultTests.Options(activeKeyId, keys) };

    private static ValidateOptionsResult Validate(string environmentName, VaultOptions options) =>
        new EnvelopeOptionsValidator(new TestEnvironment(environmentName)).Validate(Options.DefaultName, options);
}
