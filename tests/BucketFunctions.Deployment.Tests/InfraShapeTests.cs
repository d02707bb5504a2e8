using System.Text.Json;
using System.Text.RegularExpressions;
using BucketFunctions.Deployment.Tests.Support;

namespace BucketFunctions.Deployment.Tests;

/// <summary>What azd needs from infra/ (read from the ARM JSON it compiles to) and from azure.yaml.</summary>
public sealed partial class InfraShapeTests
{
    private const string ResourceToken = "toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))";

    private static readonly ArmTemplate Arm = ArmTemplate.Main;

    // Named by their parent, by guid(...) or by azd's environment, not by the resource token.
    private static readonly HashSet<string> NotTokenNamed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Resources/resourceGroups", "Microsoft.Resources/deployments", "Microsoft.Authorization/roleAssignments",
    };

    [Fact]
    public void Main_is_subscription_scoped_and_every_resource_is_named_from_one_token_and_tagged_for_azd()
    {
        Assert.EndsWith("/subscriptionDeploymentTemplate.json#", Arm.Root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        Assert.Equal($"[{ResourceToken}]", Arm.Root.GetProperty("variables").GetProperty("resourceToken").GetString());

        var group = Assert.Single(Arm.OfType("Microsoft.Resources/resourceGroups"));
        Assert.Equal("format('rg-{0}', parameters('environmentName'))", group.Name);

        // Top-level resources (a type with one segment after the provider); child resources are named by their parent.
        var named = Arm.Resources.Where(r => r.Type.Count(c => c == '/') == 1 && !NotTokenNamed.Contains(r.Type)).ToList();
        Assert.Equal(7, named.Count);
        Assert.All(named, r => Assert.Contains(ResourceToken, r.Name, StringComparison.Ordinal));
        Assert.All(named.Append(group), r =>
            Assert.Contains("'azd-env-name', parameters('environmentName')", r.Get("tags") ?? "(no tags)", StringComparison.Ordinal));
        Assert.All(Arm.OfType("Microsoft.Resources/deployments"), d => Assert.Equal(group.Name, d.Get("resourceGroup")));
    }

    [Fact]
    public void Every_output_is_upper_snake_for_azd_and_names_what_it_says()
    {
        var outputs = Arm.Root.GetProperty("outputs").EnumerateObject()
            .ToDictionary(o => o.Name, o => Arm.Expand(Arm.Modules[0], o.Value.GetProperty("value")));
        Assert.All(outputs.Keys, o => Assert.Matches("^[A-Z][A-Z0-9_]*$", o));

        var site = Assert.Single(Arm.OfType("Microsoft.Web/sites"));
        var vault = Assert.Single(Arm.OfType("Microsoft.KeyVault/vaults"));
        Assert.Equal(site.Name, outputs["SERVICE_API_NAME"]);
        Assert.Equal($"reference({vault.Id}, '{vault.ApiVersion}').vaultUri", outputs["AZURE_KEY_VAULT_URI"]);
        Assert.Equal("'api'", AzdServiceName().Match(site.Get("tags") ?? string.Empty).Groups["name"].Value);
    }

    [Fact]
    public void The_parameters_file_and_main_agree_and_secure_parameters_have_no_default()
    {
        var declared = Arm.Root.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        using var parameters = Repo.Json(Repo.MainParameters);
        var given = parameters.RootElement.GetProperty("parameters").EnumerateObject().ToList();

        Assert.All(given, g =>
            Assert.True(declared.ContainsKey(g.Name), $"{Repo.MainParameters} passes '{g.Name}', which main does not declare."));
        Assert.All(declared.Where(d => !d.Value.TryGetProperty("defaultValue", out _)).Select(d => d.Key), required =>
            Assert.True(given.Any(g => g.Name == required), $"main requires '{required}', which {Repo.MainParameters} does not pass."));

        // The file passes azd environment references only, never a value.
        var literals = given
            .Where(p => p.Value.GetProperty("value") is { ValueKind: JsonValueKind.String } v && !EnvironmentReference().IsMatch(v.GetString()!))
            .Select(p => p.Name).ToList();
        Assert.True(
            literals.Count == 0, $"{Repo.MainParameters} gives literal values to: {string.Join(", ", literals)}; pass ${{ENV_NAME}} references.");
        Assert.Equal("${BUCKETFUNCTIONS_ADMIN_KEY}", given.Single(p => p.Name == "adminKey").Value.GetProperty("value").GetString());

        var secure = Arm.Modules
            .SelectMany(m => m.Template.GetProperty("parameters").EnumerateObject().Select(p => (Module: m.Name, Parameter: p)))
            .Where(x => x.Parameter.Value.GetProperty("type").GetString() == "securestring")
            .ToList();
        Assert.Contains(secure, x => x.Module == "main" && x.Parameter.Name == "adminKey");
        Assert.All(secure, x => Assert.False(
            x.Parameter.Value.TryGetProperty("defaultValue", out _), $"Secure parameter {x.Parameter.Name} of {x.Module} has a default."));
    }

    [Fact]
    public void The_function_app_is_flex_consumption_dotnet_isolated_10_and_azure_yaml_deploys_the_app_project_to_it()
    {
        var plan = Assert.Single(Arm.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("'FC1'", plan.Get("sku", "name"));
        Assert.Equal("'FlexConsumption'", plan.Get("sku", "tier"));
        Assert.Equal(JsonValueKind.True, plan.Raw("properties", "reserved")?.ValueKind);

        var site = Assert.Single(Arm.OfType("Microsoft.Web/sites"));
        Assert.Equal("'functionapp,linux'", site.Get("kind"));
        Assert.Equal(plan.Id, site.Get("properties", "serverFarmId"));
        Assert.Equal(JsonValueKind.True, site.Raw("properties", "httpsOnly")?.ValueKind);
        Assert.Equal("'dotnet-isolated'", site.Get("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("'10.0'", site.Get("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal("'blobContainer'", site.Get("properties", "functionAppConfig", "deployment", "storage", "type"));
        var storage = Assert.Single(Arm.OfType("Microsoft.Storage/storageAccounts"));
        Assert.Equal(
            $"format('{{0}}{{1}}', reference({storage.Id}, '{storage.ApiVersion}').primaryEndpoints.blob, 'app-package')",
            site.Get("properties", "functionAppConfig", "deployment", "storage", "value"));

        // Flex Consumption takes the runtime and the package from functionAppConfig and refuses these settings.
        var settings = Arm.AppSettings().Select(s => s.Key).ToList();
        Assert.DoesNotContain(settings, s => s is "FUNCTIONS_WORKER_RUNTIME" or "FUNCTIONS_EXTENSION_VERSION" or "WEBSITE_RUN_FROM_PACKAGE"
            or "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING" or "WEBSITE_CONTENTSHARE");

        // Basic (user name and password) publishing is off for FTP and for the SCM site.
        var policies = Arm.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["'ftp')", "'scm')"], policies.Select(p => p.Name[(p.Name.LastIndexOf(' ') + 1)..]).Order());
        Assert.All(policies, p => Assert.Equal(JsonValueKind.False, p.Raw("properties", "allow")?.ValueKind));

        var yaml = Repo.Text(Repo.AzureYaml);
        var service = ServiceBlock().Match(yaml);
        Assert.True(service.Success, $"{Repo.AzureYaml} has no 'api' service.");
        Assert.Matches(@"(?m)^\s+project:\s*\./functions/BucketFunctions\.App\s*$", service.Value);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", service.Value);
        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", service.Value);
        Assert.True(File.Exists(Repo.PathOf($"{Repo.FunctionsApp}/BucketFunctions.App.csproj")));
        Assert.Matches(@"(?m)^\s+path:\s*infra\s*$", yaml);
    }

    [GeneratedRegex(@"'azd-service-name', (?<name>'[^']*')")]
    private static partial Regex AzdServiceName();

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*\}$")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"(?m)^  api:\s*\n(?:    .*\n?)+")]
    private static partial Regex ServiceBlock();
}
