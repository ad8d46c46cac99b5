using System.Security.Cryptography;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// Above <see cref="ReportJobOptions.StreamExportsAboveArcs"/> ties the job writes the organization's
/// exports to the publisher as they are made and the store keeps their length and digest only; the
/// files are the same, and the report route serves the published copy.
/// </summary>
public sealed class StreamedExportTests : IAsyncLifetime
{
    private JobHarness _held = null!;
    private JobHarness _streamed = null!;

    public async Task InitializeAsync()
    {
        _held = await JobHarness.StartAsync();
        _streamed = await JobHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _held.DisposeAsync();
        await _streamed.DisposeAsync();
    }

    [Fact]
    public async Task Streamed_organization_exports_are_published_byte_for_byte_and_stored_as_digests()
    {
        var (_, held) = await _held.SeedAsync();
        var (_, streamed) = await _streamed.SeedAsync();
        Assert.Equal(CycleRunStatus.Published, (await _held.Job().RunCycleAsync(held, force: false)).Status);
        Assert.Equal(CycleRunStatus.Published, (await _streamed.Job(options: new ReportJobOptions { StreamExportsAboveArcs = 0 }).RunCycleAsync(streamed, force: false)).Status);

        // Every file of every report is the same, the organization's exports included.
        var expected = _held.PublishedFiles();
        var actual = _streamed.PublishedFiles();
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, f => Assert.Equal(f.Value, actual[f.Key]));

        var heldOrg = (await _held.Reports.GetReportAsync("acme", "c1", ReportScope.Organization))!;
        var org = (await _streamed.Reports.GetReportAsync("acme", "c1", ReportScope.Organization))!;
        Assert.Equal((heldOrg.ReportId, heldOrg.Fingerprint, heldOrg.ComputedAt), (org.ReportId, org.Fingerprint, org.ComputedAt));
        foreach (var format in ReportFormat.All)
        {
            var file = actual[$"acme/c1/{ReportScope.Organization}/{ReportPaths.FileName(format)}"];
            var content = org.Content(format)!;
            Assert.Equal((file.LongLength, Convert.ToHexStringLower(SHA256.HashData(file))), (content.Length, content.Sha256));
            Assert.Equal(heldOrg.Content(format)! with { Bytes = null }, content with { Bytes = null });
            if (format is ReportFormat.GraphMl or ReportFormat.Csv or ReportFormat.PeopleCsv)
            {
                // Only the digest is stored; the route reads the published copy and checks it.
                Assert.Null(content.Bytes);
                var served = await ReportResponses.SendAsync(org, format, _streamed.Files, CancellationToken.None);
                Assert.Equal(200, served.StatusCode);
                Assert.Equal(file, served.Body.ToArray());
                Assert.Equal($"\"{content.Sha256}\"", served.Headers["ETag"]);
            }
            else
            {
                Assert.Equal(file, content.Bytes);
            }
        }

        // Team reports are held in the store as before.
        var team = (await _streamed.Reports.GetReportAsync("acme", "c1", "payments"))!;
        Assert.All(team.Contents, c => Assert.NotNull(c.Bytes));
    }
}
