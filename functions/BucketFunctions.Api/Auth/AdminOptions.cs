namespace BucketFunctions.Api.Auth;

/// <summary>Settings section <c>Admin</c>: the operator key for <c>/admin/...</c> routes.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The key local.settings.sample.json carries; refused outside Development.</summary>
    public const string SampleKey = "local-development-admin-key";

    public const int MinimumKeyLength = 24;

    public string Key { get; set; } = string.Empty;
}
