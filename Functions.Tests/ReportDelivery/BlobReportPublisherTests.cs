using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Reports;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>The publisher contract against Blob Storage through Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobReportPublisherTests(AzuriteFixture azurite) : PublisherContract
{
    private readonly BlobContainerClient _container = azurite.Container("reports-" + Guid.NewGuid().ToString("N")[..12]);

    private BlobReportPublisher Blob => new(_container);

    protected override IReportPublisher Publisher => Blob;

    protected override async Task<IReadOnlyList<string>> ListAsync(string orgId)
    {
        var names = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, orgId + "/", CancellationToken.None))
            names.Add(blob.Name);
        return names;
    }

    [Fact]
    public async Task Blobs_carry_the_content_type_of_their_format_and_the_container_is_created_on_first_publish()
    {
        var org = NewId("org");
        Assert.False(await _container.ExistsAsync());

        var links = await Blob.PublishAsync(org, "c1", "eng", Files("A"));

        foreach (var format in ReportFormat.All)
        {
            var properties = await _container.GetBlobClient($"{org}/c1/eng/report.{format}").GetPropertiesAsync();
            Assert.Equal(ReportFormat.ContentType(format), properties.Value.ContentType);
        }

        Assert.Equal($"http://127.0.0.1:{azurite.Port}/devstoreaccount1/{_container.Name}/{org}/c1/eng/report.html", links[ReportFormat.Html]);
    }

    [Fact]
    public void A_connection_string_is_accepted_only_for_an_emulator_on_a_loopback_address()
    {
        var remote = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Settings.ReportStorageConnectionString] = azurite.ConnectionString.Replace("127.0.0.1", "storage.example.org", StringComparison.Ordinal),
        }).Build();
        var neither = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var plainHttp = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Settings.ReportStorageEndpoint] = "http://contoso.blob.core.windows.net/",
        }).Build();

        Assert.Contains("loopback", Assert.Throws<InvalidOperationException>(() => BlobReportPublisher.CreateContainerClient(remote)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => BlobReportPublisher.CreateContainerClient(neither));
        Assert.Throws<InvalidOperationException>(() => BlobReportPublisher.CreateContainerClient(plainHttp));
    }

    [Fact]
    public void The_blob_endpoint_setting_connects_by_identity_to_the_named_container()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Settings.ReportStorageEndpoint] = "https://contoso.blob.core.windows.net/",
            [Settings.ReportContainer] = "published",
        }).Build();

        var container = BlobReportPublisher.CreateContainerClient(configuration); // builds only; nothing is sent

        Assert.Equal("https://contoso.blob.core.windows.net/published", container.Uri.AbsoluteUri);
        Assert.False(container.CanGenerateSasUri); // no account key: a token credential
    }
}
