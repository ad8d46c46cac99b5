using System.Text;
using System.Text.Json;
using FluentValidation.TestHelper;
using SurveyNetwork.Domain.Csv;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.Reports;
using SurveyNetwork.Functions.Tests.Storage;

namespace SurveyNetwork.Functions.Tests.Email;

/// <summary>The roster's optional email column: validated, stored, and never in a report or export.</summary>
public class RosterEmailTests
{
    private static readonly RosterValidator Validator = new();

    private static RosterInput Roster(string? email) => new()
    {
        Teams = [new TeamInput { Id = "eng", Name = "Engineering" }],
        People = [new PersonInput { Id = "a", Name = "Ana", TeamId = "eng", Function = "Engineering", Level = 2, Location = "Lisbon", Email = email }],
    };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ana@example.org")]
    [InlineData(" ana.maria+survey@mail.example.co.uk ")]
    [InlineData("o'neil@example.org")]
    [InlineData("ana@bücher.example")]
    public void A_missing_or_plain_address_is_valid(string? email) =>
        Validator.TestValidate(Roster(email)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("ana")]
    [InlineData("ana@")]
    [InlineData("@example.org")]
    [InlineData("ana@localhost")]
    [InlineData("Ana <ana@example.org>")]
    [InlineData("ana@example.org, bob@example.org")]
    [InlineData("ana@example.org\r\nBcc: all@example.org")]
    [InlineData("a..b@example.org")]
    [InlineData("ana@-example.org")]
    [InlineData("\"ana\"@example.org")]
    public void Anything_else_is_refused_at_its_row(string email) =>
        Validator.TestValidate(Roster(email)).ShouldHaveValidationErrorFor("People[0].Email");

    [Fact]
    public void Report_recipients_must_be_plain_addresses_too()
    {
        var roster = Roster(null);
        var good = roster with { Teams = [new TeamInput { Id = "eng", Name = "Engineering", ReportRecipients = ["lead@example.org"] }] };
        var bad = roster with { Teams = [new TeamInput { Id = "eng", Name = "Engineering", ReportRecipients = ["lead@example.org", "Lead <x@example.org>"] }] };
        Validator.TestValidate(good).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(bad).ShouldHaveValidationErrorFor("Teams[0].ReportRecipients[1]");
    }

    [Fact]
    public void A_too_long_address_is_refused() =>
        Validator.TestValidate(Roster(new string('a', 60) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org"))
            .ShouldHaveValidationErrorFor("People[0].Email");

    [Fact]
    public void The_address_is_trimmed_and_an_empty_one_is_none()
    {
        var roster = new RosterInput
        {
            Teams = Roster(null).Teams,
            People = [Roster(" ana@example.org ").People[0], Roster("  ").People[0] with { Id = "b" }],
        }.ToRoster("acme", ReportTestData.At);
        Assert.Equal("ana@example.org", roster.People[0].Email);
        Assert.Null(roster.People[1].Email);
    }

    [Fact]
    public void The_csv_email_column_is_optional()
    {
        var with = RosterCsv.Parse("id,name,teamId,function,level,location,email\na,Ana,eng,Eng,1,Lisbon,ana@example.org\nb,Bo,eng,Eng,1,Lisbon,\n");
        Assert.Empty(with.Errors);
        Assert.Equal("ana@example.org", with.Roster.People[0].Email);
        Assert.Null(with.Roster.People[1].Email);

        var without = RosterCsv.Parse("id,name,teamId,function,level,location\na,Ana,eng,Eng,1,Lisbon\n");
        Assert.Empty(without.Errors);
        Assert.Null(without.Roster.People[0].Email);
    }

    [Fact]
    public void The_json_email_field_is_read()
    {
        var input = JsonSerializer.Deserialize<RosterInput>(
            """{"teams":[{"id":"eng","name":"E"}],"people":[{"id":"a","name":"Ana","teamId":"eng","function":"E","level":1,"location":"L","email":"ana@example.org"}]}""",
            ApiJson.Options)!;
        Assert.Equal("ana@example.org", input.People[0].Email);
    }

    [Fact]
    public async Task The_address_survives_the_store()
    {
        var sqlite = new SqliteFixture();
        await sqlite.InitializeAsync();
        try
        {
            var roster = Roster("ana@example.org").ToRoster("acme", ReportTestData.At);
            await sqlite.Store.ReplaceRosterAsync(roster);
            var read = await sqlite.Store.GetRosterAsync("acme");
            Assert.Equal("ana@example.org", read!.People[0].Email);
            Assert.Contains("\"email\":\"ana@example.org\"", JsonSerializer.Serialize(roster, StoreJson.Options), StringComparison.Ordinal);
        }
        finally
        {
            await sqlite.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void No_report_export_or_profile_contains_an_address(bool named)
    {
        var inputs = ReportTestData.Organization([6, 6, 6], named: named, person: p => p with { Email = $"{p.Id}.secret@example.org" });
        var analysis = ReportBuilder.Analyze(inputs);
        var outputs = new List<byte[]>();
        var org = ReportBuilder.BuildOrganization(analysis);
        outputs.AddRange([ReportFormats.Json(org), ReportFormats.Html(org), ReportFormats.GraphMl(org), ReportFormats.CsvEdges(org)]);
        foreach (var team in inputs.Roster.Teams)
        {
            var report = ReportBuilder.BuildTeam(analysis, team.Id);
            Assert.True(report.Published);
            outputs.AddRange([ReportFormats.Json(report), ReportFormats.Html(report), ReportFormats.GraphMl(report), ReportFormats.CsvEdges(report)]);
        }

        foreach (var person in inputs.Roster.People)
        {
            var profile = ReportBuilder.BuildProfile(analysis, person.Id);
            outputs.AddRange([ReportFormats.Json(profile), ReportFormats.Html(profile)]);
        }

        Assert.Equal(4 + 3 * 4 + 18 * 2, outputs.Count);
        foreach (var bytes in outputs)
        {
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("secret@", text, StringComparison.Ordinal);
            Assert.DoesNotContain("example.org", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_address_does_not_change_the_report_fingerprint()
    {
        var plain = ReportTestData.Organization([6, 6]);
        var withEmail = ReportTestData.Organization([6, 6], person: p => p with { Email = p.Id + "@example.org" });
        Assert.Equal(ReportBuilder.Fingerprint(plain), ReportBuilder.Fingerprint(withEmail));
    }
}
