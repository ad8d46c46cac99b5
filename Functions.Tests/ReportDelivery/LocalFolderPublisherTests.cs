using SurveyNetwork.Functions.Reports;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

public sealed class LocalFolderPublisherTests : PublisherContract, IDisposable
{
    private readonly LocalFolderPublisher _publisher = new(Directory.CreateTempSubdirectory("surveynetwork-reports-").FullName);

    protected override IReportPublisher Publisher => _publisher;

    public void Dispose() => Directory.Delete(_publisher.Root, recursive: true);

    protected override Task<IReadOnlyList<string>> ListAsync(string orgId)
    {
        var folder = Path.Combine(_publisher.Root, orgId);
        IReadOnlyList<string> names = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(_publisher.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal).ToArray()
            : [];
        return Task.FromResult(names);
    }

    [Fact]
    public async Task Files_are_laid_out_by_organization_cycle_and_team_with_file_links()
    {
        var org = NewId("org");

        var links = await _publisher.PublishAsync(org, "c1", "eng", Files("A"));

        Assert.Equal(ReportFormat.All.Select(f => $"{org}/c1/eng/report.{f}").Order(StringComparer.Ordinal), await ListAsync(org));
        Assert.Equal(new Uri(Path.Combine(_publisher.Root, org, "c1", "eng", "report.html")).AbsoluteUri, links[ReportFormat.Html]);
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_report_leave_whole_files_and_no_temporary_ones()
    {
        var org = NewId("org");
        var tags = Enumerable.Range(0, 16).Select(i => $"writer {i} " + new string('x', 50_000 * (i % 3))).ToArray();

        await Task.WhenAll(tags.Select(t => Task.Run(() => _publisher.PublishAsync(org, "c1", "eng", Files(t)))));

        Assert.Equal(ReportFormat.All.Count, (await ListAsync(org)).Count);
        var json = await _publisher.ReadAsync(org, "c1", "eng", ReportFormat.Json);
        Assert.Contains(tags, t => Files(t)[0].Bytes.AsSpan().SequenceEqual(json));
    }
}
