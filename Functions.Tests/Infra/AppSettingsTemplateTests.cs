using System.Reflection;
using System.Text.Json;

namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>
/// The function app's settings in the template against the names the code reads (<see cref="Settings"/>):
/// a setting added to the code fails here until the template sets it or it is declared local-only below.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AppSettingsTemplateTests(CompiledInfrastructure infra)
{
    /// <summary>Settings the template deliberately leaves unset in Azure, each with its reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnly = new Dictionary<string, string>
    {
        [Settings.SqlitePath] = "the embedded store; Azure runs on Cosmos DB",
        [Settings.CosmosKey] = "keys are disabled on the account; the managed identity signs in",
        [Settings.CosmosCreateIfMissing] = "the template creates the database and containers; the identity has data-plane rights only",
        [Settings.CosmosAllowLoopbackCertificate] = "only for a local emulator",
        [Settings.TokenPreviousKeys] = "empty until a key rotation, set by hand for its duration",
        [Settings.ReportFolder] = "the folder publisher; Azure publishes to Blob Storage",
        [Settings.ReportStorageConnectionString] = "only for Azurite; Azure connects by identity through REPORT_STORAGE__blobServiceUri",
        [Settings.ProfileRefreshSeconds] = "the default (60 s) suits Azure; set by hand only to tune",
        [Settings.WebhookAllowedHosts] = "only for local webhook receivers; in Azure webhooks go to public HTTPS addresses only",
        [Settings.EmailOutboxFolder] = "the outbox sender writes files locally; Azure sends through SMTP",
        [Settings.SmtpConnections] = "the default (4) suits a relay's usual limits; set by hand only to tune",
        [Settings.ReportQueueConnectionString] = "only for Azurite; Azure connects by identity through REPORT_QUEUE__queueServiceUri",
        [Settings.ReportLeaseSeconds] = "the default (60 s) suits Azure; set by hand only to tune",
        [Settings.QueueMessageLeaseSeconds] = "LocalHost only; the Functions host keeps a running message invisible itself",
    };

    /// <summary>Set in Azure but never a deployment output: they carry a secret or a key.</summary>
    private static readonly string[] SecretSettings = [Settings.TokenSigningKey, Settings.AdminKey, Settings.SmtpPassword, Settings.ApplicationInsightsConnectionString];

    private JsonElement AppSettings
    {
        get
        {
            var config = infra.Template.OfType("Microsoft.Web/sites/config")
                .Single(c => c.NameExpression.EndsWith("'appsettings')]", StringComparison.Ordinal));
            return config.Properties;
        }
    }

    private IReadOnlyDictionary<string, string> SettingValues =>
        AppSettings.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());

    /// <summary>Every setting name in <see cref="Settings"/>: its public string constants, except the <c>Default*</c> values.</summary>
    public static IReadOnlyList<string> SettingNames() =>
        typeof(Settings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && !f.Name.StartsWith("Default", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    [Fact]
    public void Every_setting_the_code_reads_in_Azure_is_set_by_the_template()
    {
        var names = SettingNames();
        Assert.Contains(Settings.CosmosEndpoint, names);
        Assert.Empty(LocalOnly.Keys.Except(names));

        var missing = names.Except(LocalOnly.Keys).Where(name => !SettingValues.TryGetValue(name, out var value) || value.Length == 0);

        Assert.Empty(missing);
    }

    [Fact]
    public void No_local_only_setting_is_set_in_Azure()
    {
        Assert.Empty(LocalOnly.Keys.Intersect(SettingValues.Keys));
        Assert.DoesNotContain("AzureWebJobsStorage", SettingValues.Keys);
    }

    [Fact]
    public void Report_runs_go_through_the_queue_the_template_creates_over_the_managed_identity()
    {
        var settings = SettingValues;
        Assert.Contains("primaryEndpoints.queue", settings[Settings.ReportQueueEndpoint], StringComparison.Ordinal);
        Assert.Equal("managedidentity", settings[Functions.Queues.ReportQueues.Connection + "__credential"]);
        var queues = infra.Template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.NameExpression).ToArray();
        Assert.Contains(queues, n => n.Contains($"'{Functions.Queues.ReportQueues.Runs}'", StringComparison.Ordinal));
        Assert.Contains(queues, n => n.Contains($"'{Functions.Queues.ReportQueues.Poison}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Azure_runs_on_Cosmos_and_publishes_reports_to_Blob_Storage()
    {
        var settings = SettingValues;
        Assert.Equal("cosmos", settings[Settings.StoreKind]);
        Assert.Equal("blob", settings[Settings.ReportPublisher]);
        Assert.Equal("[parameters('cosmosEndpoint')]", settings[Settings.CosmosEndpoint]);
        Assert.Contains("'cosmos'), '2025-04-01').outputs.endpoint.value", infra.Template.Module("api-settings").ModuleParameters["cosmosEndpoint"].GetString());
        Assert.Contains("documentEndpoint", infra.Template.Module("cosmos").Root.GetProperty("outputs").GetProperty("endpoint").GetRawText());
        Assert.Equal("[parameters('reportSchedule')]", settings[Settings.ReportSchedule]);
        Assert.Equal(Settings.DefaultReportSchedule, infra.Template.Parameter("reportSchedule").GetProperty("defaultValue").GetString());
        Assert.Equal("[parameters('reminderSchedule')]", settings[Settings.ReminderSchedule]);
        Assert.Equal(Settings.DefaultReminderSchedule, infra.Template.Parameter("reminderSchedule").GetProperty("defaultValue").GetString());
        Assert.Equal("[parameters('emailSender')]", settings[Settings.EmailSender]);
        Assert.Equal("none", infra.Template.Parameter("emailSender").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void Storage_and_telemetry_connect_with_the_managed_identity()
    {
        var settings = SettingValues;
        Assert.Contains("parameters('storageAccountName')", settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.EndsWith("__blobServiceUri", Settings.ReportStorageEndpoint, StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", settings[Settings.ReportStorageEndpoint]);
        Assert.Equal("managedidentity", settings["REPORT_STORAGE__credential"]);
        Assert.Equal("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.All(settings.Values, value => Assert.DoesNotMatch(@"(?i)\blist[a-z]*\(|AccountKey=", value));
    }

    [Theory]
    [InlineData(Settings.TokenSigningKey)]
    [InlineData(Settings.AdminKey)]
    public void The_signing_key_and_the_admin_key_are_Key_Vault_references(string setting)
    {
        var value = SettingValues[setting];

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", value, StringComparison.Ordinal);
        Assert.Contains("Microsoft.KeyVault/vaults/secrets", value);
        Assert.Contains(".secretUri", value);
    }

    [Fact]
    public void Every_setting_the_template_sets_is_an_output_of_the_same_name_unless_it_holds_a_secret()
    {
        var outputs = infra.Template.Outputs.Select(o => o.Name).ToHashSet();
        var codeSettings = SettingNames().Intersect(SettingValues.Keys).ToList();
        Assert.Contains(Settings.CosmosEndpoint, codeSettings);

        Assert.Empty(codeSettings.Except(SecretSettings).Except(outputs));
        Assert.Empty(SecretSettings.Intersect(outputs));
    }
}
