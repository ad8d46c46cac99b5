using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Storage.Sqlite;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>Choosing and wiring the store from settings, and the shape of stored JSON.</summary>
public sealed class StorageConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Fact]
    public async Task Without_a_store_kind_the_sqlite_store_is_registered_and_initialized_at_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "surveynetwork-tests", NewId("di"));
        var path = Path.Combine(folder, "nested", "store.db");
        try
        {
            await using (var services = new ServiceCollection().AddStores(Config((Settings.SqlitePath, path))).BuildServiceProvider())
            {
                var store = services.GetRequiredService<ISurveyStore>();
                Assert.IsType<SqliteSurveyStore>(store);
                Assert.Same(store, services.GetRequiredService<ISurveyStore>());

                foreach (var hosted in services.GetServices<IHostedService>())
                    await hosted.StartAsync(CancellationToken.None);

                Assert.True(File.Exists(path));
                Assert.Empty(await store.ListSubmissionsAsync("org", "c1"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_cosmos_kind_registers_one_client_and_the_cosmos_store()
    {
        var config = Config((Settings.StoreKind, "Cosmos"), (Settings.CosmosEndpoint, "https://127.0.0.1:8081/"),
            (Settings.CosmosKey, CosmosEmulatorFixture.EmulatorKey), (Settings.CosmosDatabase, "somewhere"));
        await using var services = new ServiceCollection().AddStores(config).BuildServiceProvider();

        Assert.IsType<CosmosSurveyStore>(services.GetRequiredService<ISurveyStore>());
        var client = services.GetRequiredService<CosmosClient>();
        Assert.Same(client, services.GetRequiredService<CosmosClient>());
        Assert.Equal(ConnectionMode.Gateway, client.ClientOptions.ConnectionMode);
        Assert.True(client.ClientOptions.LimitToEndpoint);
        Assert.Same(StoreJson.Options, client.ClientOptions.UseSystemTextJsonSerializerWithOptions);
    }

    [Fact]
    public void An_unknown_store_kind_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddStores(Config((Settings.StoreKind, "mongo"))));
        Assert.Contains(Settings.StoreKind, e.Message);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8081/", true)]
    [InlineData("https://localhost:8081/", true)]
    [InlineData("https://[::1]:8081/", true)]
    [InlineData("https://127.0.0.2:8081/", false)]
    [InlineData("https://localhost.example.com/", false)]
    [InlineData("https://surveynetwork.documents.azure.com/", false)]
    public void The_emulator_certificate_is_accepted_only_for_a_loopback_endpoint(string endpoint, bool accepted)
    {
        var uri = new Uri(endpoint);

        Assert.Equal(accepted, CosmosClientFactory.IsLoopback(uri));
        Assert.Equal(accepted, CosmosClientFactory.CreateOptions(uri, allowLoopbackCertificate: true).ServerCertificateCustomValidationCallback is not null);
        Assert.Null(CosmosClientFactory.CreateOptions(uri, allowLoopbackCertificate: false).ServerCertificateCustomValidationCallback);
    }

    [Fact]
    public void A_key_is_refused_for_an_account_that_is_not_on_loopback()
    {
        var config = Config((Settings.CosmosEndpoint, "https://surveynetwork.documents.azure.com/"), (Settings.CosmosKey, CosmosEmulatorFixture.EmulatorKey));

        var e = Assert.Throws<InvalidOperationException>(() => CosmosClientFactory.Create(config));
        Assert.Contains(Settings.CosmosKey, e.Message);
    }

    [Theory]
    [InlineData("http://surveynetwork.documents.azure.com/")]
    [InlineData("not a url")]
    [InlineData("")]
    public void An_endpoint_that_is_not_https_or_loopback_http_is_refused(string endpoint)
    {
        var e = Assert.Throws<InvalidOperationException>(() => CosmosClientFactory.Create(Config((Settings.CosmosEndpoint, endpoint))));
        Assert.Contains(Settings.CosmosEndpoint, e.Message);
    }

    [Fact]
    public void Stored_json_is_camel_case_with_enums_as_strings_and_no_computed_properties()
    {
        var roster = Roster("org", 2);
        var cycle = Cycle("org", "c1") with { ETag = null };
        var submission = Submission("org", "c1", "r1", contacts: 2);

        var rosterJson = JsonNode.Parse(Json(roster))!.AsObject();
        var cycleJson = JsonNode.Parse(Json(cycle))!.AsObject();
        var contact = JsonNode.Parse(Json(submission))!["contacts"]![1]!;

        Assert.Equal(["orgId", "teams", "people", "updatedAt"], rosterJson.Select(p => p.Key));
        Assert.False(cycleJson.ContainsKey("effectiveClose"));
        Assert.False(cycleJson.ContainsKey("etag"));
        Assert.Equal("supplierOrPartner", (string?)contact["outsideKind"]);
        Assert.Equal("monthly", (string?)contact["frequency"]);
        Assert.False(contact.AsObject().ContainsKey("isOutside"));
        Assert.False(contact.AsObject().ContainsKey("personId")); // nulls are omitted
    }

    [Fact]
    public void Stored_json_reads_back_into_the_same_values()
    {
        var cycle = Cycle("org", "c1");

        var back = System.Text.Json.JsonSerializer.Deserialize<Cycle>(Json(cycle), StoreJson.Options);

        Assert.Equal(cycle, back);
    }
}
