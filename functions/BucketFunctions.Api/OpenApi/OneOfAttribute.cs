using System.Reflection;

namespace BucketFunctions.Api.OpenApi;

/// <summary>
/// The closed set of values a string property takes, read from the static <c>IReadOnlyList&lt;string&gt;</c> that
/// already declares them (e.g. <c>BucketStatuses.WireNames</c>), so the OpenAPI enum cannot drift from the code.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type source, string member) : Attribute
{
    public IReadOnlyList<string> Values =>
        source.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<string>
        ?? throw new InvalidOperationException($"{source.Name}.{member} is not a static IReadOnlyList<string>.");
}
