using System.Globalization;
using System.Text;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>The people table: one row per person, every measure, withheld values empty, names only when named.</summary>
public class PeopleCsvTests
{
    [Fact]
    public void Organization_people_csv_has_one_row_per_person_and_every_measure()
    {
        // Team t3 (3 people) is below k = 4: its people are listed without measures.
        var inputs = ReportTestData.Organization([6, 7, 5, 3], k: 4);
        var analysis = ReportBuilder.Analyze(inputs);
        var report = ReportBuilder.BuildOrganization(analysis);
        var rows = EscapingTests.ParseCsv(Encoding.UTF8.GetString(ReportFormats.CsvPeople(report)));
        var header = rows[0];
        Assert.Equal(["key", "label", "teamId", "team", "function", "level", "location", "responded", "roles"], header.Take(9));
        Assert.Equal(MeasureCatalog.All.Select(e => MeasureCatalog.JsonName(e.Measure)), header.Skip(9));
        Assert.Contains("energizing", header);
        Assert.Equal(inputs.Roster.People.Count, rows.Count - 1);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));

        var column = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        var byKey = rows.Skip(1).ToDictionary(r => r[column["key"]]);
        var checkedValues = 0;
        for (var i = 0; i < analysis.Data.People.Length; i++)
        {
            var row = byKey[analysis.Keys[i]];
            var suppressed = analysis.Data.People[i].TeamId == "t3";
            Assert.DoesNotContain(analysis.Data.People[i].Name, string.Join(",", row));
            foreach (var entry in MeasureCatalog.All)
            {
                var cell = row[column[MeasureCatalog.JsonName(entry.Measure)]];
                if (suppressed)
                {
                    Assert.Equal("", cell);
                }
                else
                {
                    var expected = analysis.Current.Values[i][entry.Measure];
                    Assert.Equal(expected?.ToString("R", CultureInfo.InvariantCulture) ?? "", cell);
                    checkedValues += expected is null ? 0 : 1;
                }
            }
        }

        Assert.True(checkedValues > 200);
    }

    [Fact]
    public void Team_people_csv_lists_members_with_measures_and_their_contacts_without()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([5, 5, 5], k: 3));
        var report = ReportBuilder.BuildTeam(analysis, "t1");
        var rows = EscapingTests.ParseCsv(Encoding.UTF8.GetString(ReportFormats.CsvPeople(report)));
        var inDegree = Array.IndexOf(rows[0], "inDegree");
        var team = Array.IndexOf(rows[0], "teamId");
        // 5 members, the 5 they name in t2 and the 5 in t0 who name them; outside contacts are not people.
        Assert.Equal(15, rows.Count - 1);
        Assert.Equal(5, rows.Skip(1).Count(r => r[inDegree] != ""));
        Assert.All(rows.Skip(1).Where(r => r[inDegree] != ""), r => Assert.Equal("t1", r[team]));
    }

    [Fact]
    public void Named_reports_put_names_in_the_people_csv()
    {
        var inputs = ReportTestData.Organization([5, 5], k: 3, named: true);
        var report = ReportBuilder.BuildTeam(ReportBuilder.Analyze(inputs), "t0");
        var csv = Encoding.UTF8.GetString(ReportFormats.CsvPeople(report));
        Assert.Contains("Person 0.1", csv, StringComparison.Ordinal);
    }
}
