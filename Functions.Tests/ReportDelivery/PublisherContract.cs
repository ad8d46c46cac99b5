using System.Text;
using SurveyNetwork.Functions.Reports;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>What every <see cref="IReportPublisher"/> must do, run against each destination by a sealed subclass.</summary>
public abstract class PublisherContract
{
    protected abstract IReportPublisher Publisher { get; }

    public static IReadOnlyList<ReportFile> Files(string tag) =>
        ReportFormat.All.Select(f => new ReportFile(f, Encoding.UTF8.GetBytes($"{f} {tag} — Zoë\n"))).ToArray();

    [Fact]
    public async Task Published_files_read_back_byte_for_byte_with_a_link_per_format()
    {
        var org = NewId("org");
        var files = Files("A");

        var links = await Publisher.PublishAsync(org, "c1", "eng", files);

        Assert.Equal(ReportFormat.All.Order(StringComparer.Ordinal), links.Keys);
        Assert.All(links, l => Assert.EndsWith($"{org}/c1/eng/report.{l.Key}", l.Value, StringComparison.Ordinal));
        foreach (var file in files)
            Assert.Equal(file.Bytes, await Publisher.ReadAsync(org, "c1", "eng", file.Format));
    }

    [Fact]
    public async Task A_streamed_file_is_written_as_it_is_made_and_measured()
    {
        var org = NewId("org");
        // 3 MB in 4 KB writes: more than one block of a blob and of the file buffer.
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Zoë,🙂\n", 512)))[..4096];
        var expected = Enumerable.Range(0, 768).SelectMany(i => chunk.Select(b => (byte)(b ^ (i & 1)))).ToArray();
        var writes = 0;
        var streamed = ReportFile.Streamed(ReportFormat.GraphMl, s =>
        {
            writes++;
            for (var at = 0; at < expected.Length; at += chunk.Length)
                s.Write(expected, at, chunk.Length);
        });
        Assert.Null(streamed.Sha256);

        var links = await Publisher.PublishAsync(org, "c1", "eng", [streamed, .. Files("A").Where(f => f.Format != ReportFormat.GraphMl)]);

        Assert.Equal(1, writes);
        Assert.EndsWith($"{org}/c1/eng/report.graphml", links[ReportFormat.GraphMl], StringComparison.Ordinal);
        Assert.Equal(expected, await Publisher.ReadAsync(org, "c1", "eng", ReportFormat.GraphMl));
        Assert.Equal((expected.LongLength, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected))), (streamed.Length, streamed.Sha256));
        Assert.Null(streamed.Bytes);
    }

    [Fact]
    public async Task Publishing_again_overwrites_in_place()
    {
        var org = NewId("org");
        await Publisher.PublishAsync(org, "c1", "eng", Files("A"));

        await Publisher.PublishAsync(org, "c1", "eng", Files("B"));

        Assert.Equal(Files("B")[1].Bytes, await Publisher.ReadAsync(org, "c1", "eng", Files("B")[1].Format));
        Assert.Equal(ReportFormat.All.Count, (await ListAsync(org)).Count);
    }

    [Fact]
    public async Task A_report_that_was_never_published_reads_as_null()
    {
        Assert.Null(await Publisher.ReadAsync(NewId("org"), "c1", "eng", ReportFormat.Html));
    }

    [Fact]
    public async Task Deleting_removes_every_file_of_that_report_only()
    {
        var org = NewId("org");
        await Publisher.PublishAsync(org, "c1", "eng", Files("A"));
        await Publisher.PublishAsync(org, "c1", "ops", Files("A"));

        await Publisher.DeleteAsync(org, "c1", "eng");
        await Publisher.DeleteAsync(org, "c1", "gone"); // nothing there: no error

        Assert.Null(await Publisher.ReadAsync(org, "c1", "eng", ReportFormat.Json));
        Assert.All(await ListAsync(org), name => Assert.Contains("/ops/", name, StringComparison.Ordinal));
        Assert.Equal(ReportFormat.All.Count, (await ListAsync(org)).Count);
    }

    [Fact]
    public async Task Path_parts_that_could_leave_the_report_folder_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync("..", "c1", "eng", Files("A")));
        await Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync("org", "c1/../..", "eng", Files("A")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Publisher.PublishAsync("org", "c1", "eng", [new ReportFile("exe", [1])]));
    }

    /// <summary>Relative names ("{org}/c1/eng/report.html") of what is published for an organization.</summary>
    protected abstract Task<IReadOnlyList<string>> ListAsync(string orgId);
}
