using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace BucketFunctions.Deployment.Tests.Support;

/// <summary>
/// Every setting the product binds, found by reflection rather than listed by hand: each class in a product assembly
/// with a <c>public const string SectionName</c> is an options class, and its public properties — nested option
/// objects and dictionaries included — are its settings. A new options class or property is caught without touching
/// this file.
/// </summary>
internal static class SettingCatalog
{
    public const string SectionNameField = "SectionName";

    private static readonly Lazy<IReadOnlyList<Type>> Types = new(FindOptionsTypes);
    private static readonly Lazy<IReadOnlyList<BoundSetting>> Settings = new(() => Types.Value.SelectMany(SettingsOf).ToList());

    public static IReadOnlyList<Type> OptionsTypes => Types.Value;

    public static IReadOnlyList<BoundSetting> All => Settings.Value;

    public static string SectionOf(Type optionsType) => (string)optionsType.GetField(SectionNameField)!.GetRawConstantValue()!;

    /// <summary>The product's assemblies beside the tests (the test project references every one it checks).</summary>
    public static IReadOnlyList<Assembly> ProductAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "BucketFunctions.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal) && name != "BucketFunctions.Testing")
            .Select(name => Assembly.Load(new AssemblyName(name!)))
            .ToList();

    private static List<Type> FindOptionsTypes() =>
        ProductAssemblies()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField(SectionNameField, BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f
                && f.FieldType == typeof(string))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<BoundSetting> SettingsOf(Type optionsType) =>
        Walk(optionsType, Activator.CreateInstance(optionsType), SectionOf(optionsType), optionsType.Name);

    private static IEnumerable<BoundSetting> Walk(Type type, object? instance, string prefix, string owner)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0);
        foreach (var property in properties)
        {
            var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var path = $"{prefix}:{key}";
            var declaredBy = $"{owner}.{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            var propertyType = property.PropertyType;

            if (IsLeaf(propertyType))
            {
                // The binder only sets leaves through a public setter; a get-only leaf is not a setting.
                if (property.SetMethod is { IsPublic: true })
                {
                    yield return new BoundSetting(path, declaredBy, Format(value));
                }
            }
            else if (ElementOf(propertyType) is { } element)
            {
                var itemPath = $"{path}:{{id}}";
                if (IsLeaf(element))
                {
                    yield return new BoundSetting(itemPath, declaredBy, value is ICollection { Count: 0 } or null ? "{}" : "(entries)");
                }
                else
                {
                    foreach (var nested in Walk(element, null, itemPath, $"{declaredBy}[]"))
                    {
                        yield return nested;
                    }
                }
            }
            else
            {
                foreach (var nested in Walk(propertyType, value ?? TryCreate(propertyType), path, declaredBy))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(Uri);
    }

    /// <summary>The value type of a string-keyed dictionary or the element type of a list; null for anything else.</summary>
    private static Type? ElementOf(Type type)
    {
        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)
                && i.GetGenericArguments()[0] == typeof(string));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static object? TryCreate(Type type) =>
        type.IsClass && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(type) : null;

    private static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
