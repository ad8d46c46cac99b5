using System.Text.Json;
using System.Text.RegularExpressions;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>The Bicep template compiles and lints clean, and its ARM JSON holds the resources the app needs, locked down.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class BicepTemplateTests(CompiledInfrastructure infra)
{
    private ArmTemplate Main => infra.Template;

    [Fact]
    public void Bicep_build_compiles_the_template_without_any_diagnostic()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.Diagnostics);
        Assert.Equal("", infra.Build.Diagnostics);
        Assert.Equal("subscription", TargetScope(Main));
    }

    [Fact]
    public void Bicep_lint_reports_no_warning_and_no_error()
    {
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.Diagnostics);
        Assert.Equal("", infra.Lint.Diagnostics);
        Assert.Equal("", infra.Lint.StandardOutput.Trim());
    }

    [Fact]
    public void Every_linter_rule_is_an_error_except_the_two_documented_as_off()
    {
        var config = JsonDocument.Parse(
            File.ReadAllText(RepositoryRoot.Combine("infra", "bicepconfig.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");
        Assert.True(core.GetProperty("enabled").GetBoolean());
        var levels = core.GetProperty("rules").EnumerateObject()
            .ToDictionary(r => r.Name, r => r.Value.GetProperty("level").GetString());

        Assert.Contains("no-unused-params", levels.Keys);
        Assert.Contains("outputs-should-not-contain-secrets", levels.Keys);
        Assert.Contains("use-secure-value-for-secure-inputs", levels.Keys);
        Assert.All(levels, rule => Assert.True(
            rule.Value == "error" || (rule.Value == "off" && rule.Key is "use-recent-api-versions" or "use-recent-module-versions"),
            $"{rule.Key} is {rule.Value}"));
    }

    [Fact]
    public void The_template_creates_every_resource_the_app_runs_on()
    {
        string[] expected =
        [
            "Microsoft.Resources/resourceGroups",
            "Microsoft.DocumentDB/databaseAccounts",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases",
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers",
            "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
            "Microsoft.Web/serverfarms",
            "Microsoft.Web/sites",
            "Microsoft.Web/sites/config",
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.KeyVault/vaults",
            "Microsoft.KeyVault/vaults/secrets",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Insights/components",
            "Microsoft.Authorization/roleAssignments",
        ];
        var created = Main.AllResources.Where(r => !IsExisting(r)).Select(r => r.Type).ToHashSet();

        Assert.Empty(expected.Except(created));
    }

    [Fact]
    public void The_Cosmos_account_refuses_keys_and_accepts_only_Entra_ID()
    {
        var account = Main.OneOf("Microsoft.DocumentDB/databaseAccounts");

        Assert.True(account.At("disableLocalAuth").GetBoolean());
        Assert.True(account.At("disableKeyBasedMetadataWriteAccess").GetBoolean());
        Assert.Equal("Tls12", account.At("minimalTlsVersion").GetString());
    }

    [Fact]
    public void Cosmos_is_serverless_by_default_and_autoscale_on_request()
    {
        var mode = Main.Parameter("cosmosThroughputMode");
        Assert.Equal("serverless", mode.GetProperty("defaultValue").GetString());
        Assert.Equal(new[] { "serverless", "autoscale" }, mode.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));

        var account = Main.OneOf("Microsoft.DocumentDB/databaseAccounts");
        Assert.Contains("EnableServerless", account.At("capabilities").GetRawText());
        var database = Main.OneOf("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        Assert.Contains("autoscaleSettings", database.At("options").GetRawText());
        Assert.Contains("maxThroughput", database.At("options").GetRawText());
    }

    [Fact]
    public void Cosmos_containers_match_the_layout_the_code_uses()
    {
        Assert.Equal(CosmosLayout.DefaultDatabase, Main.Parameter("cosmosDatabaseName").GetProperty("defaultValue").GetString());

        var containers = Main.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .ToDictionary(c => c.At("resource.id").GetString()!, c => c.At("resource"));
        var expectedNames = new[] { CosmosLayout.Orgs, CosmosLayout.Submissions, CosmosLayout.Reports, CosmosLayout.Messages }
            .Union(CosmosLayout.ExcludedPaths.Keys)
            .Order();
        Assert.Equal(expectedNames, containers.Keys.Order());

        foreach (var (name, container) in containers)
        {
            var partitionKey = container.GetProperty("partitionKey");
            Assert.Equal(new[] { CosmosLayout.PartitionKeyPath }, partitionKey.GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal("Hash", partitionKey.GetProperty("kind").GetString());

            var indexing = container.GetProperty("indexingPolicy");
            Assert.Equal("consistent", indexing.GetProperty("indexingMode").GetString());
            Assert.Equal(new[] { "/*" }, Paths(indexing, "includedPaths"));
            var expectedExcluded = CosmosLayout.ExcludedPaths.TryGetValue(name, out var paths) ? paths : [];
            Assert.Equal(expectedExcluded.Order(), Paths(indexing, "excludedPaths").Order());
        }
    }

    [Fact]
    public void The_function_app_runs_dotnet_isolated_10_on_Flex_Consumption_with_a_managed_identity()
    {
        var plan = Main.OneOf("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Json.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.Json.GetProperty("sku").GetProperty("tier").GetString());

        var site = Main.OneOf("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.Json.GetProperty("kind").GetString());
        Assert.Equal("SystemAssigned", site.Json.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(site.At("httpsOnly").GetBoolean());
        Assert.Equal("dotnet-isolated", site.At("functionAppConfig.runtime.name").GetString());
        Assert.Equal("10.0", site.At("functionAppConfig.runtime.version").GetString());
        Assert.Equal("blobContainer", site.At("functionAppConfig.deployment.storage.type").GetString());
        Assert.Equal("SystemAssignedIdentity", site.At("functionAppConfig.deployment.storage.authentication.type").GetString());
        // A 1,000,000-person organization's analysis needs more than 2 GB (see the comment in api.bicep).
        Assert.Equal(4096, site.At("functionAppConfig.scaleAndConcurrency.instanceMemoryMB").GetInt32());

        var basicAuth = Main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(2, basicAuth.Count);
        Assert.All(basicAuth, policy => Assert.False(policy.At("allow").GetBoolean()));
    }

    [Fact]
    public void Storage_accepts_only_Entra_ID_and_holds_the_package_and_report_containers()
    {
        var account = Main.OneOf("Microsoft.Storage/storageAccounts");
        Assert.False(account.At("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.At("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.At("minimumTlsVersion").GetString());

        var containers = Main.OfType("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal(2, containers.Count);
        Assert.All(containers, c => Assert.Equal("None", c.At("publicAccess").GetString()));
        var storageModule = Main.Module("storage");
        Assert.Contains(containers, c => c.NameExpression.Contains("parameters('deploymentContainerName')", StringComparison.Ordinal));
        Assert.Contains(containers, c => c.NameExpression.Contains("parameters('reportContainerName')", StringComparison.Ordinal));
        Assert.Contains("reportContainerName", storageModule.ModuleParameters["reportContainerName"].GetString());

        // The deployment package container is the one the function app deploys from.
        var site = Main.OneOf("Microsoft.Web/sites");
        Assert.Contains("deploymentContainerUrl", site.At("functionAppConfig.deployment.storage.value").GetString());
        Assert.Contains("deploymentContainerName", Main.Module("api").ModuleParameters["deploymentContainerUrl"].GetString());
    }

    [Fact]
    public void Monitoring_sends_Application_Insights_data_to_a_Log_Analytics_workspace()
    {
        var components = Main.OneOf("Microsoft.Insights/components");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", components.At("WorkspaceResourceId").GetString());
        var workspace = Main.OneOf("Microsoft.OperationalInsights/workspaces");
        Assert.True(workspace.At("features.disableLocalAuth").GetBoolean());
    }

    [Fact]
    public void The_identity_holds_each_data_role_it_needs_and_no_other()
    {
        var expected = new Dictionary<string, string>
        {
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
            ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
            ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        };
        var assignments = Main.OfType("Microsoft.Authorization/roleAssignments");
        var granted = assignments.SelectMany(RoleDefinitionIds).ToHashSet();

        Assert.Equal(expected.Keys.Order(), granted.Order());
        Assert.All(assignments, a =>
        {
            Assert.Equal("ServicePrincipal", a.At("principalType").GetString());
            Assert.Equal("[parameters('principalId')]", a.At("principalId").GetString());
        });

        var cosmos = Main.OneOf("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");
        Assert.Contains("00000000-0000-0000-0000-000000000002", RoleDefinitionIds(cosmos)); // Cosmos DB Built-in Data Contributor
        Assert.Equal("[parameters('principalId')]", cosmos.At("principalId").GetString());

        // The principal is the function app's own identity.
        Assert.Contains("outputs.principalId", Main.Module("rbac").ModuleParameters["principalId"].GetString());
        Assert.Contains("identity.principalId", Main.Module("api").Root.GetProperty("outputs").GetProperty("principalId").GetRawText());
    }

    [Fact]
    public void Key_Vault_uses_RBAC_and_the_app_may_read_only_the_signing_key_the_admin_key_and_the_smtp_password()
    {
        var vault = Main.OneOf("Microsoft.KeyVault/vaults");
        Assert.True(vault.At("enableRbacAuthorization").GetBoolean());

        var secretsUser = Main.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => RoleDefinitionIds(a).Contains("4633458b-17de-408a-b874-0445c86b69e6")).ToList();
        Assert.Equal(3, secretsUser.Count);
        Assert.Single(secretsUser, a => a.Json.GetProperty("scope").GetString()!.Contains("adminKeySecretName", StringComparison.Ordinal));
        Assert.All(secretsUser, a => Assert.Contains("Microsoft.KeyVault/vaults/secrets", a.Json.GetProperty("scope").GetString()));
        Assert.Single(secretsUser, a => a.Json.GetProperty("scope").GetString()!.Contains("smtpPasswordSecretName", StringComparison.Ordinal)
            && a.Json.GetProperty("condition").GetString()!.Contains("empty(parameters('smtpPasswordSecretName'))", StringComparison.Ordinal));
    }

    [Fact]
    public void The_smtp_password_is_a_secure_parameter_kept_in_Key_Vault_and_read_by_reference()
    {
        Assert.Equal("securestring", Main.Parameter("smtpPassword").GetProperty("type").GetString());
        Assert.DoesNotContain(Main.Outputs, o => o.Value.GetRawText().Contains("parameters('smtpPassword')", StringComparison.Ordinal));
        var keyVault = Main.Module("keyvault");
        Assert.Equal("[parameters('smtpPassword')]", keyVault.ModuleParameters["smtpPassword"].GetString());
        var secret = Main.OfType("Microsoft.KeyVault/vaults/secrets").Single(s => s.At("value").GetString() == "[parameters('smtpPassword')]");
        Assert.Equal("[not(empty(parameters('smtpPassword')))]", secret.Json.GetProperty("condition").GetString());
        var setting = Main.Module("api-settings").OfType("Microsoft.Web/sites/config").Single().At(Settings.SmtpPassword).GetString();
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", setting, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signing_key_comes_from_a_generated_secure_parameter_and_goes_only_into_Key_Vault()
    {
        var parameter = Main.Parameter("tokenSigningKeyMaterial");
        Assert.Equal("securestring", parameter.GetProperty("type").GetString());
        Assert.False(parameter.TryGetProperty("defaultValue", out _), "A default would be the same key for everyone.");
        Assert.True(parameter.GetProperty("minLength").GetInt32() >= 32);
        var azd = parameter.GetProperty("metadata").GetProperty("azd");
        Assert.Equal("generate", azd.GetProperty("type").GetString());
        Assert.True(azd.GetProperty("config").GetProperty("length").GetInt32() >= 32, "The key must be at least 32 bytes.");

        // The secure parameter is handed to the Key Vault module and nowhere else.
        Assert.Equal(1, Occurrences(Main.Root.GetRawText(), "parameters('tokenSigningKeyMaterial')"));
        var keyVault = Main.Module("keyvault");
        Assert.Equal("[parameters('tokenSigningKeyMaterial')]", keyVault.ModuleParameters["signingKeyMaterial"].GetString());
        Assert.Equal("securestring", keyVault.Parameter("signingKeyMaterial").GetProperty("type").GetString());
        var secret = Main.OfType("Microsoft.KeyVault/vaults/secrets").Single(s => s.At("value").GetString()!.Contains("signingKeyMaterial", StringComparison.Ordinal));
        Assert.Equal("[base64(parameters('signingKeyMaterial'))]", secret.At("value").GetString());
        Assert.Equal(1, Occurrences(keyVault.Root.GetRawText(), "parameters('signingKeyMaterial')"));
    }

    [Fact]
    public void No_output_of_any_template_reveals_a_secret_or_a_key()
    {
        var forbiddenValue = ForbiddenOutputValue();
        foreach (var template in Main.SelfAndModules)
        {
            var secureParameters = template.Parameters
                .Where(p => p.Value.GetProperty("type").GetString() is "securestring" or "secureObject")
                .Select(p => $"parameters('{p.Name}')")
                .ToList();
            foreach (var output in template.Outputs)
            {
                var where = $"output {output.Name} of {template.Name}";
                var type = output.Value.GetProperty("type").GetString();
                Assert.False(type is "securestring" or "secureObject", where);
                Assert.DoesNotMatch(ForbiddenOutputName(), output.Name);
                var value = output.Value.GetProperty("value").GetRawText();
                Assert.DoesNotMatch(forbiddenValue, value);
                Assert.All(secureParameters, p => Assert.DoesNotContain(p, value, StringComparison.Ordinal));
            }
        }
    }

    internal static bool IsExisting(ArmResource resource) =>
        resource.Json.TryGetProperty("existing", out var existing) && existing.GetBoolean();

    /// <summary>
    /// Role definition GUIDs an assignment grants: those written in its roleDefinitionId, and those of the
    /// template variables it names (a loop over an array variable grants each element).
    /// </summary>
    private static IEnumerable<string> RoleDefinitionIds(ArmResource assignment)
    {
        var expression = assignment.At("roleDefinitionId").GetString()!;
        var variables = VariableReference().Matches(expression)
            .Select(m => assignment.Template.Variable(m.Groups[1].Value))
            .SelectMany(v => v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [v])
            .Select(v => v.GetString()!);
        return variables.Prepend(expression).SelectMany(text => Guid().Matches(text).Select(m => m.Value)).Distinct();
    }

    private static IEnumerable<string?> Paths(JsonElement indexingPolicy, string name) =>
        indexingPolicy.GetProperty(name).EnumerateArray().Select(p => p.GetProperty("path").GetString());

    private static string TargetScope(ArmTemplate template) =>
        template.Root.GetProperty("$schema").GetString()!.Contains("subscriptionDeploymentTemplate", StringComparison.Ordinal)
            ? "subscription"
            : "resourceGroup";

    private static int Occurrences(string text, string value) =>
        Regex.Count(text, Regex.Escape(value));

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    // Names that announce a credential. AZURE_KEY_VAULT_NAME names a vault, not a key.
    [GeneratedRegex("(?i)(secret|password|connection_?string|_keys?$|^keys?$|token)")]
    private static partial Regex ForbiddenOutputName();

    // list*() reads keys or connection strings; the rest are the properties that hold them.
    [GeneratedRegex(@"(?i)(\blist[a-z]*\(|connectionstring|instrumentationkey|primarykey|secondarykey|masterkey|accountkey|secretUri)")]
    private static partial Regex ForbiddenOutputValue();
}
