using System.Text.Json;

namespace BucketFunctions.App.Tests.Support;

/// <summary>An HTTP trigger as functions.metadata declares it: the function's name, route, methods and auth level.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel);

/// <summary>A timer trigger as functions.metadata declares it.</summary>
public sealed record TimerFunction(string Name, string Schedule);

/// <summary>
/// What the Worker Sdk generated when it built the app: functions.metadata and host.json, copied with the app's
/// build output into this test project's (the project reference brings them).
/// </summary>
public static class BuiltApp
{
    private static readonly Lazy<JsonDocument> Metadata = new(() => Read("functions.metadata"));

    public static IReadOnlyList<string> FunctionNames =>
        Functions().Select(f => f.GetProperty("name").GetString()!).ToList();

    public static IReadOnlyList<HttpFunction> HttpFunctions =>
        Triggers("httpTrigger").Select(t => new HttpFunction(
            t.Name,
            t.Binding.GetProperty("route").GetString()!,
            t.Binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList(),
            t.Binding.GetProperty("authLevel").GetString()!)).ToList();

    public static IReadOnlyList<TimerFunction> TimerFunctions =>
        Triggers("timerTrigger").Select(t => new TimerFunction(t.Name, t.Binding.GetProperty("schedule").GetString()!)).ToList();

    /// <summary>host.json's extensions.http.routePrefix, which the host puts before every function's route.</summary>
    public static string RoutePrefix
    {
        get
        {
            using var hostJson = Read("host.json");
            return hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
        }
    }

    private static IEnumerable<JsonElement> Functions() => Metadata.Value.RootElement.EnumerateArray();

    private static IEnumerable<(string Name, JsonElement Binding)> Triggers(string type) =>
        Functions().SelectMany(f => f.GetProperty("bindings").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == type)
            .Select(b => (f.GetProperty("name").GetString()!, b)));

    private static JsonDocument Read(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, file);
        Assert.True(File.Exists(path), $"{path} is missing: the Functions app's build output did not reach this test project.");
        return JsonDocument.Parse(File.ReadAllText(path));
    }
}
