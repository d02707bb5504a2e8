using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace BucketFunctions.Infrastructure.Tests.Support;

/// <summary>A host environment of a given name, for validators and registrations that behave differently in Development.</summary>
internal sealed class TestEnvironment(string name) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;

    public string ApplicationName { get; set; } = "BucketFunctions.Tests";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
