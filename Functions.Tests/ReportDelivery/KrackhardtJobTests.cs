using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.Analytics;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.Reports;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// Krackhardt's managers loaded as a roster (department = team, level = level) with their advice
/// ties as answers; the report job runs through the admin route, and the published JSON of every
/// team carries the reference values of expected.json (networkx / igraph) within 1e-9.
/// </summary>
public sealed class KrackhardtJobTests
{
    [Fact]
    public async Task The_report_job_publishes_the_reference_measures_for_every_manager()
    {
        await using var server = await LocalHostServer.StartAsync();
        // k = 1 and named reports: the CEO is a department of one, and the check needs every manager by id.
        // The API refuses k < 3, so this cycle is written to the store directly.
        var inputs = KrackhardtReportTests.Inputs(k: 1, named: true);
        await server.Store.ReplaceRosterAsync(inputs.Roster);
        await server.Store.CreateCycleAsync(inputs.Cycle);
        foreach (var s in inputs.Submissions)
        {
            await server.Store.UpsertSubmissionAsync(s);
        }

        await server.RunReportsAsync($"orgs/acme/cycles/{inputs.Cycle.Id}/reports");

        var expected = Krackhardt.Expected("advice").GetProperty("nodes");
        var seen = 0;
        foreach (var team in inputs.Roster.Teams)
        {
            var report = await server.Client.SendAsync(server.Admin(HttpMethod.Get, $"orgs/acme/cycles/{inputs.Cycle.Id}/teams/{team.Id}/report?format=json"));
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            var json = await report.Content.ReadFromJsonAsync<JsonObject>();
            foreach (var member in json!["members"]!.AsArray())
            {
                var id = member!["key"]!.GetValue<string>();
                var values = member["values"]!.AsObject();
                var node = expected.GetProperty(id);
                foreach (var (key, reference) in new[] { ("inDegree", "in_degree"), ("outDegree", "out_degree"), ("betweenness", "betweenness"), ("constraint", "constraint"), ("effectiveSize", "effective_size") })
                {
                    Krackhardt.Equal(Krackhardt.Number(node.GetProperty(reference)), values[key]?.GetValue<double>(), $"{id} {key}");
                }

                seen++;
            }
        }

        Assert.Equal(21, seen);
    }
}
