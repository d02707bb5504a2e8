using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api.Auth;

/// <summary>Fails the start when the admin key is missing, short, or the published sample outside Development.</summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (string.IsNullOrEmpty(options.Key) || options.Key.Length < AdminOptions.MinimumKeyLength)
        {
            return ValidateOptionsResult.Fail($"Admin:Key must be set to a random value of at least {AdminOptions.MinimumKeyLength} characters.");
        }

        // App Service passes a Key Vault reference it could not resolve through as its literal text, which is long enough.
        if (options.Key.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail("Admin:Key is an unresolved Key Vault reference; grant the app's identity access to the secret.");
        }

        if (options.Key == AdminOptions.SampleKey && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail("Admin:Key is the published sample key; set a random key outside Development.");
        }

        return ValidateOptionsResult.Success;
    }
}
