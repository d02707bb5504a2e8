using System.Text.RegularExpressions;
using BucketFunctions.Deployment.Tests.Support;

namespace BucketFunctions.Deployment.Tests;

/// <summary>What azd needs from infra/ and azure.yaml, checked as text since no Bicep compiler runs here.</summary>
public sealed partial class InfraShapeTests
{
    private static readonly string Main = Repo.Text(Repo.MainBicep);

    [Fact]
    public void Main_is_subscription_scoped_tagged_for_azd_and_names_resources_from_one_token()
    {
        Assert.Matches(@"(?m)^targetScope\s*=\s*'subscription'", Main);
        Assert.Matches(@"(?m)^var resourceToken = toLower\(uniqueString\(subscription\(\)\.id, environmentName, location\)\)", Main);
        Assert.Matches(@"(?m)^var tags = \{ 'azd-env-name': environmentName \}", Main);

        // Every resource name a module is given (its params, indented four spaces) is built from the token; a container
        // name is per account and needs none.
        var names = ModuleNames().Matches(Main).Select(m => m.Groups["value"].Value).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains("${resourceToken}", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_module_file_exists_and_every_output_is_upper_snake_for_azd()
    {
        foreach (var module in ModulePath().Matches(Main).Select(m => m.Groups["path"].Value))
        {
            Assert.True(File.Exists(Repo.PathOf($"infra/{module}")), $"{Repo.MainBicep} uses module '{module}', which does not exist.");
        }

        var outputs = Output().Matches(Main).Select(m => m.Groups["name"].Value).ToList();
        Assert.Contains("SERVICE_API_NAME", outputs);
        Assert.Contains("AZURE_KEY_VAULT_URI", outputs);
        Assert.All(outputs, o => Assert.Matches("^[A-Z][A-Z0-9_]*$", o));
    }

    [Fact]
    public void The_parameters_file_and_main_agree()
    {
        var declared = Param().Matches(Main).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success);
        using var parameters = Repo.Json(Repo.MainParameters);
        var given = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(given, g =>
            Assert.True(declared.ContainsKey(g), $"{Repo.MainParameters} passes '{g}', which {Repo.MainBicep} does not declare."));
        Assert.All(declared.Where(d => !d.Value).Select(d => d.Key), required =>
            Assert.True(given.Contains(required), $"{Repo.MainBicep} requires '{required}', which {Repo.MainParameters} does not pass."));
    }

    [Fact]
    public void The_function_app_is_flex_consumption_dotnet_isolated_10_and_azure_yaml_deploys_the_app_project_to_it()
    {
        var api = Repo.Text(Repo.ApiBicep);
        Assert.Contains("name: 'FC1'", api, StringComparison.Ordinal);
        Assert.Contains("tier: 'FlexConsumption'", api, StringComparison.Ordinal);
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10\.0'\s*\}", api);
        Assert.Contains("'azd-service-name': 'api'", api, StringComparison.Ordinal);

        var yaml = Repo.Text(Repo.AzureYaml);
        var service = ServiceBlock().Match(yaml);
        Assert.True(service.Success, $"{Repo.AzureYaml} has no 'api' service.");
        Assert.Matches(@"(?m)^\s+project:\s*\./functions/BucketFunctions\.App\s*$", service.Value);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", service.Value);
        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", service.Value);
        Assert.True(File.Exists(Repo.PathOf($"{Repo.FunctionsApp}/BucketFunctions.App.csproj")));
        Assert.Matches(@"(?m)^\s+path:\s*infra\s*$", yaml);
    }

    [GeneratedRegex(@"(?m)^ {4}(?!deploymentContainer)\w*[nN]ame:\s*'(?<value>[^']*)'")]
    private static partial Regex ModuleNames();

    [GeneratedRegex(@"(?m)^module\s+\w+\s+'(?<path>[^']+)'")]
    private static partial Regex ModulePath();

    [GeneratedRegex(@"(?m)^output\s+(?<name>\w+)\s")]
    private static partial Regex Output();

    [GeneratedRegex(@"(?m)^param\s+(?<name>\w+)\s+\w+(?<default>\s*=)?")]
    private static partial Regex Param();

    [GeneratedRegex(@"(?m)^  api:\s*\n(?:    .*\n?)+")]
    private static partial Regex ServiceBlock();
}
