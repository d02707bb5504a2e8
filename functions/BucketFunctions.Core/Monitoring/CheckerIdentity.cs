using System.Reflection;

namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// Who records a check: the region it ran in, the app's version (its assembly's informational version) and the machine.
/// Flashback's nodes report the same three things.
/// </summary>
public sealed record CheckerIdentity(string Region, string Version, string Host)
{
    /// <summary>The region when <see cref="HealthCheckOptions.Region"/> is empty and the platform names none.</summary>
    public const string LocalRegion = "local";

    /// <summary>The environment variable Azure App Service and Functions set to the app's region.</summary>
    public const string RegionVariable = "REGION_NAME";

    public static CheckerIdentity From(HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var region = !string.IsNullOrWhiteSpace(options.Region)
            ? options.Region.Trim()
            : Environment.GetEnvironmentVariable(RegionVariable) is { Length: > 0 } platform ? platform : LocalRegion;
        var assembly = Assembly.GetEntryAssembly() ?? typeof(CheckerIdentity).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        return new CheckerIdentity(region, version, Environment.MachineName);
    }
}
