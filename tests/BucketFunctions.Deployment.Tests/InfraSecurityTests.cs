using System.Text.Json;
using System.Text.RegularExpressions;
using BucketFunctions.Deployment.Tests.Support;

namespace BucketFunctions.Deployment.Tests;

/// <summary>
/// No key, connection string with a key, SAS or secret literal anywhere in infra/; the resources refuse key-based
/// access; every role assignment goes to the app's identity or the named deployer.
/// </summary>
public sealed partial class InfraSecurityTests
{
    // Built-in role definition ids, as Azure publishes them; rbac.bicep's comments must name the role the id really is.
    private static readonly Dictionary<string, string> BuiltInRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    private static readonly (string Name, Regex Pattern)[] Forbidden =
    [
        ("an account key in a connection string", new(@"AccountKey\s*=", RegexOptions.IgnoreCase)),
        ("a connection string", new(@"DefaultEndpointsProtocol\s*=", RegexOptions.IgnoreCase)),
        ("a shared access key", new(@"SharedAccessKey", RegexOptions.IgnoreCase)),
        ("a SAS signature", new(@"[?&;]sig=|\bsig=[A-Za-z0-9%]", RegexOptions.IgnoreCase)),
        ("a listKeys call", new(@"\blistKeys\s*\(", RegexOptions.IgnoreCase)),
        ("a list*Sas call", new(@"\blist(Account|Service)Sas\s*\(", RegexOptions.IgnoreCase)),
        ("an instrumentation key", new(@"InstrumentationKey\s*=", RegexOptions.IgnoreCase)),
        ("an anonymous blob container", new(@"publicAccess\s*:\s*'(Blob|Container)'", RegexOptions.IgnoreCase)),
        ("a base64 literal that looks like a key", new(@"'[A-Za-z0-9+/]{40,}={0,2}'")),
        ("a password literal", new(@"password\w*\s*[:=]\s*['""]", RegexOptions.IgnoreCase)),
    ];

    [Fact]
    public void No_key_connection_string_sas_or_secret_literal_appears_in_infra()
    {
        var files = Repo.Sources(Repo.Infra, "*").ToList();
        Assert.Contains(files, f => f.EndsWith("main.bicep", StringComparison.Ordinal));

        var hits = files.SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
            .SelectMany(x => Forbidden.Where(f => f.Pattern.IsMatch(x.line))
                .Select(f => $"{Repo.Relative(x.file)}:{x.number}: {f.Name}: {x.line.Trim()}"))
            .ToList();

        Assert.True(hits.Count == 0, string.Join(Environment.NewLine, hits));
    }

    [Fact]
    public void Secure_parameters_have_no_default_and_the_parameters_file_passes_only_environment_values()
    {
        var defaults = Bicep.Files()
            .SelectMany(file => SecureParam().Matches(File.ReadAllText(file)).Where(m => m.Groups["default"].Success)
                .Select(m => $"{Repo.Relative(file)}: @secure() param {m.Groups["name"].Value} has a default"))
            .ToList();
        Assert.True(defaults.Count == 0, string.Join(Environment.NewLine, defaults));

        using var parameters = Repo.Json(Repo.MainParameters);
        var given = parameters.RootElement.GetProperty("parameters");
        var literals = given.EnumerateObject()
            .Where(p => p.Value.GetProperty("value") is { ValueKind: JsonValueKind.String } v && !EnvironmentReference().IsMatch(v.GetString()!))
            .Select(p => p.Name).ToList();
        Assert.True(literals.Count == 0,
            $"{Repo.MainParameters} gives literal values to: {string.Join(", ", literals)}; pass ${{ENV_NAME}} references.");
        Assert.Equal("${BUCKETFUNCTIONS_ADMIN_KEY}", given.GetProperty("adminKey").GetProperty("value").GetString());
    }

    [Fact]
    public void Secrets_in_key_vault_take_their_value_from_a_secure_parameter()
    {
        var secrets = Declared("Microsoft.KeyVault/vaults/secrets@");
        Assert.NotEmpty(secrets);
        foreach (var secret in secrets)
        {
            var value = Bicep.Property(secret.Body, "value");
            var secureParams = SecureParam().Matches(File.ReadAllText(Repo.PathOf(secret.File))).Select(m => m.Groups["name"].Value);
            Assert.True(value is not null && secureParams.Contains(value),
                $"{secret.File}: secret {secret.Symbol} takes its value from '{value}', not a @secure() parameter.");
        }
    }

    [Fact]
    public void Storage_key_vault_and_application_insights_refuse_key_based_access()
    {
        var storage = Single("Microsoft.Storage/storageAccounts@");
        Assert.Equal("false", Bicep.Property(storage.Body, "allowSharedKeyAccess"));
        Assert.Equal("false", Bicep.Property(storage.Body, "allowBlobPublicAccess"));
        Assert.Equal("'TLS1_2'", Bicep.Property(storage.Body, "minimumTlsVersion"));

        var vault = Single("Microsoft.KeyVault/vaults@");
        Assert.Equal("true", Bicep.Property(vault.Body, "enableRbacAuthorization"));
        Assert.Equal("true", Bicep.Property(vault.Body, "enableSoftDelete"));
        Assert.Equal("true", Bicep.Property(vault.Body, "enablePurgeProtection"));

        Assert.Equal("true", Bicep.Property(Single("Microsoft.Insights/components@").Body, "DisableLocalAuth"));

        var site = Single("Microsoft.Web/sites@");
        Assert.Equal("identityId", Bicep.Property(site.Body, "keyVaultReferenceIdentity"));
        Assert.Equal("'UserAssigned'", Bicep.Property(site.Body, "type"));
        var packageAuthentication = Bicep.ObjectAt(site.Body, site.Body.IndexOf("authentication:", StringComparison.Ordinal));
        Assert.Equal("'UserAssignedIdentity'", Bicep.Property(packageAuthentication, "type"));
        Assert.Equal("identityId", Bicep.Property(packageAuthentication, "userAssignedIdentityResourceId"));
    }

    [Fact]
    public void The_app_reaches_storage_insights_and_the_operator_key_by_identity()
    {
        Assert.Equal("'managedidentity'", SettingsFiles.BicepValue("AzureWebJobsStorage:credential"));
        Assert.Equal("identityClientId", SettingsFiles.BicepValue("AzureWebJobsStorage:clientId"));
        Assert.Equal("identityClientId", SettingsFiles.BicepValue("AZURE_CLIENT_ID"));
        Assert.Equal("identityClientId", SettingsFiles.BicepValue("Vault:KeyVault:ManagedIdentityClientId"));
        Assert.Equal(
            "'ClientId=${identityClientId};Authorization=AAD'", SettingsFiles.BicepValue("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.Equal("'@Microsoft.KeyVault(SecretUri=${adminKeySecretUri})'", SettingsFiles.BicepValue("Admin:Key"));
        Assert.DoesNotContain(SettingsFiles.Bicep(), n => SettingsFiles.Same(n, "AzureWebJobsStorage"));
    }

    [Fact]
    public void Every_role_assignment_goes_to_the_app_identity_or_the_deployer_and_is_named_from_scope_principal_and_role()
    {
        var roles = RoleIds();
        var assignments = Declared("Microsoft.Authorization/roleAssignments@");
        Assert.NotEmpty(assignments);

        var problems = new List<string>();
        foreach (var a in assignments)
        {
            var where = $"{a.File}: {a.Symbol}";
            var principal = Bicep.Property(a.Body, "principalId");
            var scope = Bicep.Property(a.Body, "scope");
            var role = RoleOf(a);
            var name = Bicep.Property(a.Body, "name");

            if (principal is not ("appPrincipalId" or "deployerPrincipalId"))
            {
                problems.Add($"{where}: principalId is '{principal}', not appPrincipalId or deployerPrincipalId.");
            }

            var condition = a.Condition?.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (principal == "deployerPrincipalId" && condition != "!empty(deployerPrincipalId)")
            {
                problems.Add($"{where}: a deployer assignment must be conditional on !empty(deployerPrincipalId).");
            }

            if (role is null || !roles.ContainsKey(role))
            {
                problems.Add($"{where}: roleDefinitionId must be "
                    + "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.<name>).");
            }

            if (name != $"guid({scope}.id, {principal}, roles.{role})")
            {
                problems.Add($"{where}: name is '{name}', expected guid({scope}.id, {principal}, roles.{role}).");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        // main.bicep hands rbac.bicep the identity's principal and the deployer parameter, nothing else.
        var rbac = Bicep.ObjectAt(Repo.Text(Repo.MainBicep), Repo.Text(Repo.MainBicep).IndexOf("module rbac", StringComparison.Ordinal));
        Assert.Equal("identity.outputs.principalId", Bicep.Property(rbac, "appPrincipalId"));
        Assert.Equal("principalId", Bicep.Property(rbac, "deployerPrincipalId"));
    }

    [Fact]
    public void Role_ids_are_the_built_in_roles_their_comments_name_and_the_app_gets_the_roles_it_needs()
    {
        var roles = RoleIds();
        foreach (var (symbol, (id, comment)) in roles)
        {
            Assert.True(BuiltInRoles.TryGetValue(id, out var actual), $"roles.{symbol} = '{id}' is not a built-in role this test knows.");
            Assert.Equal(actual, comment);
        }

        var granted = Bicep.Resources(Repo.PathOf(Repo.RbacBicep))
            .Where(r => Bicep.Property(r.Body, "principalId") == "appPrincipalId")
            .Select(r => roles[RoleOf(r)!].Comment)
            .ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "Storage Blob Data Owner", "Storage Table Data Contributor", "Key Vault Secrets Officer", "Monitoring Metrics Publisher",
            },
            granted);
    }

    private static Dictionary<string, (string Id, string Comment)> RoleIds()
    {
        var text = Repo.Text(Repo.RbacBicep);
        var body = Bicep.ObjectAt(text, text.IndexOf("var roles", StringComparison.Ordinal));
        return RoleLine().Matches(body)
            .ToDictionary(m => m.Groups["symbol"].Value, m => (m.Groups["id"].Value, m.Groups["comment"].Value.Trim()));
    }

    /// <summary>The <c>roles.X</c> symbol an assignment's roleDefinitionId names, or null.</summary>
    private static string? RoleOf(Bicep.Resource assignment) =>
        RoleReference().Match(Bicep.Property(assignment.Body, "roleDefinitionId") ?? string.Empty) is { Success: true } m
            ? m.Groups["role"].Value
            : null;

    /// <summary>Resources infra/ declares (not <c>existing</c> references) whose type starts so.</summary>
    private static List<Bicep.Resource> Declared(string typePrefix) =>
        Bicep.Files().SelectMany(Bicep.Resources).Where(r => !r.Existing && r.Type.StartsWith(typePrefix, StringComparison.Ordinal)).ToList();

    private static Bicep.Resource Single(string typePrefix) => Assert.Single(Declared(typePrefix));

    [GeneratedRegex(@"@secure\(\)\s*(?:@[^\n]*\n\s*)*param\s+(?<name>\w+)\s+string(?<default>\s*=)?")]
    private static partial Regex SecureParam();

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*\}$")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions',\s*roles\.(?<role>\w+)\)")]
    private static partial Regex RoleReference();

    [GeneratedRegex(@"^\s*(?<symbol>\w+)\s*:\s*'(?<id>[0-9a-f-]{36})'\s*//(?<comment>.*)$", RegexOptions.Multiline)]
    private static partial Regex RoleLine();
}
