using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.ReportDelivery;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// After an erasure nothing on disk or in published reports holds the person's id, name or the
/// outside label they gave: not the SQLite database, its log or shared memory, not the stored
/// reports, not the published files (folder or Blob) — of an open cycle and of one closed long ago,
/// which the timer no longer revisits.
/// </summary>
public sealed class ErasePersonTraceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int People = 30;
    private const string Id = "r0005";
    private const string Name = "Quillon Vexmarrow-Zelinski";
    private const string Label = "Brackenfold Lantern Works";

    [Fact]
    public async Task Erase_leaves_no_trace_in_the_database_files_or_the_report_folder()
    {
        await using var server = await LocalHostServer.StartAsync();
        await PublishBothCyclesAsync(server);
        var reportFolder = Path.Combine(server.DataFolder, "reports");
        Assert.True(Contains(Files(reportFolder), Id), "The published reports never named the person.");
        AssertFound(Files(server.DataFolder));

        await EraseAsync(server);

        AssertGone(Files(server.DataFolder));
    }

    [Fact]
    public async Task Erase_leaves_no_trace_in_blob_storage_or_the_report_store()
    {
        var container = "erase-" + Guid.NewGuid().ToString("N")[..12];
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.ReportPublisher] = "blob",
            [Settings.ReportStorageConnectionString] = azurite.ConnectionString,
            [Settings.ReportContainer] = container,
        });
        await PublishBothCyclesAsync(server);
        Assert.True(Contains(await BlobsAsync(container), Id), "The published reports never named the person.");

        await EraseAsync(server);

        var blobs = await BlobsAsync(container);
        Assert.NotEmpty(blobs);
        AssertGone([.. blobs, .. Files(server.DataFolder)]);
    }

    /// <summary>The roster with the person's distinctive name; reports that name people; answers in the open cycle "c1" and in "old", closed a year ago; reports of both.</summary>
    private static async Task PublishBothCyclesAsync(LocalHostServer server)
    {
        var roster = TrustData.Roster(People);
        roster["people"]![5]!["name"] = Name;
        (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster)).EnsureSuccessStatusCode();
        (await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", new JsonObject
        {
            ["id"] = "c1", ["title"] = "Now", ["closesAt"] = DateTimeOffset.UtcNow.AddDays(7), ["namedReports"] = true,
        })).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        await server.Store.CreateCycleAsync(new Cycle
        {
            OrgId = "acme",
            Id = "old",
            Title = "A year ago",
            OpensAt = now.AddDays(-380),
            ClosesAt = now.AddDays(-366),
            CreatedAt = now.AddDays(-381),
            NamedReports = true,
        });

        foreach (var cycle in new[] { "old", "c1" })
        {
            for (var i = 0; i < People; i++)
            {
                var contacts = Enumerable.Range(1, 3).Select(k => new ContactAnswer
                {
                    PersonId = TrustData.PersonId((i + k) % People),
                    Frequency = Frequency.Weekly,
                    Benefits = [Benefit.Solutions],
                    GiveBack = GiveBack.Rarely,
                }).ToList();
                if (TrustData.PersonId(i) == Id)
                {
                    contacts.Add(new ContactAnswer
                    {
                        OutsideKind = OutsideKind.SupplierOrPartner, OutsideLabel = Label, Frequency = Frequency.Monthly, Benefits = [Benefit.Validation], GiveBack = GiveBack.Often,
                    });
                }

                await server.Store.UpsertSubmissionAsync(new Submission
                {
                    OrgId = "acme", CycleId = cycle, RespondentId = TrustData.PersonId(i), Contacts = contacts, SubmittedAt = now, Version = Submission.VersionAt(now),
                });
            }

            var run = await server.RunReportsAsync($"orgs/acme/cycles/{cycle}/reports");
            Assert.Equal("published", (string?)run["status"]);
        }
    }

    private static async Task EraseAsync(LocalHostServer server)
    {
        var response = await server.AdminAsync(HttpMethod.Delete, $"orgs/acme/people/{Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var cycle in new[] { "old", "c1" })
        {
            var report = await server.AdminAsync(HttpMethod.Get, $"orgs/acme/cycles/{cycle}/teams/t0/report?format=json");
            Assert.Equal(HttpStatusCode.OK, report.StatusCode); // rebuilt, not just removed
        }
    }

    private async Task<List<(string Name, byte[] Bytes)>> BlobsAsync(string container)
    {
        var client = azurite.Container(container);
        var blobs = new List<(string, byte[])>();
        await foreach (var item in client.GetBlobsAsync())
            blobs.Add((item.Name, (await client.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray()));
        return blobs;
    }

    private static List<(string Name, byte[] Bytes)> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (f, copy.ToArray());
        })];

    private static bool Contains(IEnumerable<(string Name, byte[] Bytes)> files, string text) =>
        files.Any(f => f.Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0);

    private static void AssertFound(List<(string Name, byte[] Bytes)> files)
    {
        foreach (var text in new[] { Id, Name, Label })
            Assert.True(Contains(files, text), $"'{text}' was never stored, so its absence would prove nothing.");
    }

    private static void AssertGone(List<(string Name, byte[] Bytes)> files)
    {
        foreach (var text in new[] { Id, Name, Label })
        {
            var holding = files.Where(f => f.Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0).Select(f => Path.GetFileName(f.Name)).ToArray();
            Assert.True(holding.Length == 0, $"'{text}' is still in {string.Join(", ", holding)}");
        }
    }
}
