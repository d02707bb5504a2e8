namespace BucketFunctions.Emulators;

/// <summary>Finds the checkout's root (the folder holding package.json and the solution) from a test's or the bench's output folder.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "package.json"))
                && File.Exists(System.IO.Path.Combine(dir.FullName, "BucketFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (package.json + BucketFunctions.sln) above {AppContext.BaseDirectory}.");
    }
}
