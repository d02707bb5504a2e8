using System.Text.Json;
using System.Text.RegularExpressions;
using BucketFunctions.Deployment.Tests.Support;

namespace BucketFunctions.Deployment.Tests;

/// <summary>
/// Over the ARM JSON that infra/main.bicep compiles to: the resources refuse key-based access, the app runs as one
/// user-assigned identity holding exactly the roles it needs, and no key, SAS or list call is anywhere in the template or
/// reaches an app setting.
/// </summary>
public sealed partial class InfraSecurityTests
{
    // Built-in role definition ids, as Azure publishes them (the same in every tenant).
    private static readonly Dictionary<string, string> BuiltInRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["17d1049b-9a84-46fb-8f53-869881c3d3ab"] = "Storage Account Contributor",
        ["81a9662b-bebf-436f-a333-f67b29880f12"] = "Storage Account Key Operator Service Role",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["00482a5a-887f-4fb3-b363-3b7fe8e74483"] = "Key Vault Administrator",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
        ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
    };

    // What the app's identity needs, on which resource type: nothing more, nothing less.
    private static readonly string[] AppRoles =
    [
        "Storage Blob Data Owner on Microsoft.Storage/storageAccounts",       // AzureWebJobsStorage and the deployment package
        "Storage Table Data Contributor on Microsoft.Storage/storageAccounts", // every row the app stores
        "Key Vault Secrets Officer on Microsoft.KeyVault/vaults",             // bucket secrets (set, get, delete) and Admin__Key
        "Monitoring Metrics Publisher on Microsoft.Insights/components",      // telemetry with Entra auth
    ];

    private static readonly string[] DeployerRoles =
    [
        "Key Vault Secrets Officer on Microsoft.KeyVault/vaults",
        "Storage Table Data Contributor on Microsoft.Storage/storageAccounts",
    ];

    private static readonly (string Name, Regex Pattern)[] Forbidden =
    [
        ("a list* call (listKeys, listAccountSas, listServiceSas, ...)", new(@"\blist\w*\s*\(", RegexOptions.IgnoreCase)),
        ("an account key in a connection string", new(@"AccountKey\s*=", RegexOptions.IgnoreCase)),
        ("a connection string", new(@"DefaultEndpointsProtocol\s*=", RegexOptions.IgnoreCase)),
        ("a shared access key or signature", new(@"SharedAccess(Key|Signature)", RegexOptions.IgnoreCase)),
        ("a SAS signature", new(@"[?&;]sig=|\bsig=[A-Za-z0-9%]", RegexOptions.IgnoreCase)),
        ("an instrumentation key", new(@"InstrumentationKey\s*=", RegexOptions.IgnoreCase)),
        ("a key property", new(@"\.(primary|secondary)\w*Key\b|\.keys\b", RegexOptions.IgnoreCase)),
        ("a base64 literal that looks like a key", new(@"(^|')[A-Za-z0-9+/]{40,}={0,2}('|$)")),
    ];

    private static readonly ArmTemplate Arm = ArmTemplate.Main;

    [Fact]
    public void The_storage_account_refuses_shared_keys_and_anonymous_reads()
    {
        var storage = Assert.Single(Arm.OfType("Microsoft.Storage/storageAccounts"));
        Assert.Equal(JsonValueKind.False, storage.Raw("properties", "allowSharedKeyAccess")?.ValueKind);
        Assert.Equal(JsonValueKind.False, storage.Raw("properties", "allowBlobPublicAccess")?.ValueKind);
        Assert.Equal(JsonValueKind.True, storage.Raw("properties", "defaultToOAuthAuthentication")?.ValueKind);
        Assert.Equal("'TLS1_2'", storage.Get("properties", "minimumTlsVersion"));
        Assert.All(Arm.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c =>
            Assert.Equal("'None'", c.Get("properties", "publicAccess")));
        var insights = Assert.Single(Arm.OfType("Microsoft.Insights/components"));
        Assert.Equal(JsonValueKind.True, insights.Raw("properties", "DisableLocalAuth")?.ValueKind);
    }

    [Fact]
    public void The_key_vault_authorizes_by_rbac_with_purge_protection_and_its_secrets_come_from_secure_parameters()
    {
        var vault = Assert.Single(Arm.OfType("Microsoft.KeyVault/vaults"));
        Assert.Equal(JsonValueKind.True, vault.Raw("properties", "enableRbacAuthorization")?.ValueKind);
        Assert.Equal(JsonValueKind.True, vault.Raw("properties", "enableSoftDelete")?.ValueKind);
        Assert.Equal(JsonValueKind.True, vault.Raw("properties", "enablePurgeProtection")?.ValueKind);
        Assert.Null(vault.Raw("properties", "accessPolicies"));

        var secrets = Arm.OfType("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal(2, secrets.Count);
        var secure = SecureParameters();
        Assert.All(secrets, s => Assert.True(
            s.Get("properties", "value") is { } value && secure.Any(p => value == $"parameters('{p}')"),
            $"Secret {s.Name} takes its value from {s.Get("properties", "value")}, not from a secure parameter of main."));
    }

    [Fact]
    public void The_app_runs_as_one_user_assigned_identity_that_holds_exactly_the_roles_it_needs()
    {
        var identity = Assert.Single(Arm.OfType("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var site = Assert.Single(Arm.OfType("Microsoft.Web/sites"));
        Assert.Equal("'UserAssigned'", site.Get("identity", "type"));
        var attached = Assert.Single(site.Raw("identity", "userAssignedIdentities")!.Value.EnumerateObject());
        Assert.Equal($"format('{{0}}', {identity.Id})", Arm.Expand(site.Module, attached.Name));
        Assert.Equal(identity.Id, site.Get("properties", "keyVaultReferenceIdentity"));
        string? Package(string name) => site.Get("properties", "functionAppConfig", "deployment", "storage", "authentication", name);
        Assert.Equal("'UserAssignedIdentity'", Package("type"));
        Assert.Equal(identity.Id, Package("userAssignedIdentityResourceId"));

        var appPrincipal = $"reference({identity.Id}, '{identity.ApiVersion}').principalId";
        const string deployerPrincipal = "parameters('principalId')";
        var assignments = Arm.OfType("Microsoft.Authorization/roleAssignments");
        var problems = new List<string>();
        foreach (var a in assignments)
        {
            var principal = a.Get("properties", "principalId");
            var scope = a.Get("scope");
            var roleId = RoleIdOf(a);
            if (principal != appPrincipal && principal != deployerPrincipal)
            {
                problems.Add($"{a.Name}: goes to {principal}, neither the app's identity nor the deployer.");
            }

            if (roleId is null || !BuiltInRoles.ContainsKey(roleId))
            {
                problems.Add($"{a.Name}: role {a.Get("properties", "roleDefinitionId")} is not a built-in role this test knows.");
            }

            // Named from scope, principal and role, so that a second deployment finds the same assignment.
            if (a.Name != $"guid({scope}, {principal}, '{roleId}')")
            {
                problems.Add($"{a.Name}: not named guid(scope, principal, role).");
            }

            var expectedCondition = principal == deployerPrincipal ? $"not(empty({deployerPrincipal}))" : null;
            if (a.Condition != expectedCondition)
            {
                problems.Add($"{a.Name}: condition {a.Condition ?? "none"}, expected {expectedCondition ?? "none"}.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(AppRoles.Order(), Granted(assignments, appPrincipal).Order());
        Assert.Equal(DeployerRoles.Order(), Granted(assignments, deployerPrincipal).Order());
    }

    [Fact]
    public void No_list_call_key_or_sas_is_in_the_template_or_the_parameters_file()
    {
        using var parameters = Repo.Json(Repo.MainParameters);
        var hits = ArmTemplate.Strings(Arm.Root).Select(s => (File: "compiled main.bicep", Text: s))
            .Concat(ArmTemplate.Strings(parameters.RootElement).Select(s => (File: Repo.MainParameters, Text: s)))
            .SelectMany(x => Forbidden.Where(f => f.Pattern.IsMatch(x.Text)).Select(f => $"{x.File}: {f.Name}: {x.Text}"))
            .ToList();

        Assert.True(hits.Count == 0, string.Join(Environment.NewLine, hits));
    }

    [Fact]
    public void No_app_setting_carries_a_key_a_sas_or_a_secure_parameter_and_the_app_reaches_everything_by_identity()
    {
        var settings = Arm.AppSettings();
        Assert.NotEmpty(settings);
        var secure = SecureParameters();
        var problems = settings
            .SelectMany(s => Forbidden.Where(f => f.Pattern.IsMatch(s.Value)).Select(f => $"{s.Key}: {f.Name}: {s.Value}")
                .Concat(secure.Where(p => s.Value.Contains($"parameters('{p}')", StringComparison.Ordinal))
                    .Select(p => $"{s.Key}: carries the secure parameter {p}: {s.Value}")))
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        var identity = Assert.Single(Arm.OfType("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var clientId = $"reference({identity.Id}, '{identity.ApiVersion}').clientId";
        string Setting(string name) => Assert.Single(settings, s => s.Key == name).Value;
        Assert.DoesNotContain(settings, s => s.Key.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("'managedidentity'", Setting("AzureWebJobsStorage__credential"));
        Assert.Equal(clientId, Setting("AzureWebJobsStorage__clientId"));
        Assert.Equal(clientId, Setting("AZURE_CLIENT_ID"));
        Assert.Equal(clientId, Setting("Vault__KeyVault__ManagedIdentityClientId"));
        Assert.Equal($"format('ClientId={{0}};Authorization=AAD', {clientId})", Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));

        // The operator key is a Key Vault reference to the admin-key secret, resolved with the identity.
        var adminKey = Assert.Single(
            Arm.OfType("Microsoft.KeyVault/vaults/secrets"), s => s.Name.EndsWith(", 'admin-key')", StringComparison.Ordinal));
        Assert.Equal(
            $"format('@Microsoft.KeyVault(SecretUri={{0}})', reference({SecretId(adminKey)}, '{adminKey.ApiVersion}').secretUri)",
            Setting("Admin__Key"));
    }

    private static IEnumerable<string> Granted(IEnumerable<ArmResource> assignments, string principal) =>
        assignments.Where(a => a.Get("properties", "principalId") == principal)
            .Select(a => $"{BuiltInRoles[RoleIdOf(a)!]} on {ScopeType(a)}");

    private static string? RoleIdOf(ArmResource assignment) =>
        RoleId().Match(assignment.Get("properties", "roleDefinitionId") ?? string.Empty) is { Success: true } m ? m.Groups["id"].Value : null;

    /// <summary>A secret's resource id as the template writes it: its name (vault/secret) as two segments.</summary>
    private static string SecretId(ArmResource secret) =>
        ChildName().Match(secret.Name) is { Success: true } m
            ? $"resourceId('{secret.Type}', {m.Groups["parent"].Value}, {m.Groups["child"].Value})"
            : throw new InvalidOperationException($"Unexpected secret name {secret.Name}.");

    /// <summary>The type of the resource an assignment is scoped to, which must be one the template declares.</summary>
    private static string ScopeType(ArmResource assignment)
    {
        var scope = assignment.Get("scope");
        return Arm.Resources.SingleOrDefault(r => r.Id == scope)?.Type ?? $"(no resource of this template: {scope})";
    }

    /// <summary>Main's secure parameters: the only inputs that carry secrets.</summary>
    private static List<string> SecureParameters() =>
        Arm.Root.GetProperty("parameters").EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString()!.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Name)
            .ToList();

    [GeneratedRegex(@"^format\('\{0\}/\{1\}', (?<parent>.+), (?<child>'[^']+')\)$")]
    private static partial Regex ChildName();

    [GeneratedRegex(@"^subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', '(?<id>[0-9a-fA-F-]{36})'\)$")]
    private static partial Regex RoleId();
}
