using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// An answer means one thing or is refused: a choice is one of its exact names (never names joined
/// by commas, which the framework's enum reading would combine into another value), and a member
/// appears once (never "the last one wins"). Through the survey, the JSON import and the CSV import.
/// </summary>
public sealed class AnswerSpellingTests
{
    private const string Me = "r0000";
    private const string Colleague = "r0001";

    /// <summary>A complete, valid contact; <paramref name="field"/> (when given) replaced by the raw JSON <paramref name="value"/>.</summary>
    private static string Contact(string? field = null, string? value = null)
    {
        (string Field, string Json)[] members =
        [
            ("personId", $"\"{Colleague}\""), ("frequency", "\"weekly\""), ("benefits", "[\"solutions\"]"),
            ("personal", "true"), ("giveBack", "\"sometimes\""),
        ];
        if (field == "outsideKind")
        {
            members[0] = ("outsideKind", value!);
        }

        return "{" + string.Join(",", members.Select(m => $"\"{m.Field}\":{(m.Field == field ? value : m.Json)}")) + "}";
    }

    public static TheoryData<string, string> CommaJoinedChoices => new()
    {
        { "frequency", "\"lessThanMonthly,monthly\"" },
        { "frequency", "\"monthly, weekly\"" },
        { "benefits", "[\"solutions,validation\"]" },
        { "giveBack", "\"never,rarely\"" },
        { "outsideKind", "\"customer,supplierOrPartner\"" },
    };

    [Theory]
    [MemberData(nameof(CommaJoinedChoices))]
    public async Task A_comma_joined_choice_in_a_survey_answer_is_400_naming_the_field(string field, string value)
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await TrustData.SeedAsync(server, 5);

        var response = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[Me], raw: "{\"contacts\":[" + Contact(field, value) + "]}");

        await AssertRefusedAsync(response, $"contacts[0].{field}");
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", Me));
    }

    [Theory]
    [MemberData(nameof(CommaJoinedChoices))]
    public async Task A_comma_joined_choice_in_a_json_import_is_400_naming_the_field(string field, string value)
    {
        await using var server = await LocalHostServer.StartAsync();
        await TrustData.SeedAsync(server, 5);
        var body = "{\"responses\":[{\"respondentId\":\"" + Me + "\",\"contacts\":[" + Contact(field, value) + "]}]}";

        var response = await server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses", body, "application/json");

        await AssertRefusedAsync(response, $"responses[0].contacts[0].{field}");
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", Me));
    }

    [Theory]
    [InlineData("frequency", "\"lessThanMonthly,monthly\"")]
    [InlineData("benefits", "\"solutions,validation\"")]
    [InlineData("giveBack", "\"never,rarely\"")]
    [InlineData("outsideKind", "\"customer,other\"")]
    public async Task A_comma_joined_choice_in_a_csv_import_is_400_naming_the_field(string field, string cell)
    {
        await using var server = await LocalHostServer.StartAsync();
        await TrustData.SeedAsync(server, 5);
        var row = new Dictionary<string, string>
        {
            ["respondentId"] = Me, ["personId"] = Colleague, ["outsideKind"] = "", ["frequency"] = "weekly",
            ["benefits"] = "solutions", ["personal"] = "true", ["giveBack"] = "sometimes",
        };
        row[field] = cell;
        if (field == "outsideKind")
        {
            row["personId"] = "";
        }

        var csv = string.Join(",", row.Keys) + "\n" + string.Join(",", row.Values) + "\n";
        var response = await server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses", csv, "text/csv");

        await AssertRefusedAsync(response, $"rows[2].{field}");
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", Me));
    }

    [Theory]
    [InlineData("{\"contacts\":[],\"contacts\":[CONTACT]}", "contacts")]
    [InlineData("{\"contacts\":[CONTACT],\"Contacts\":[]}", "Contacts")]
    [InlineData("{\"contacts\":[{\"personId\":\"r0002\",\"personId\":\"r0001\",\"frequency\":\"weekly\",\"benefits\":[],\"personal\":true,\"giveBack\":\"often\"}]}", "contacts[0].personId")]
    [InlineData("{\"contacts\":[{\"personId\":\"r0001\",\"frequency\":\"weekly\",\"frequency\":\"daily\",\"benefits\":[],\"personal\":true,\"giveBack\":\"often\"}]}", "contacts[0].frequency")]
    public async Task A_repeated_member_in_a_survey_answer_is_400_naming_it(string body, string field)
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await TrustData.SeedAsync(server, 5);

        var response = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[Me], raw: body.Replace("CONTACT", Contact(), StringComparison.Ordinal));

        await AssertRefusedAsync(response, field);
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", Me));
    }

    [Theory]
    [InlineData("{\"responses\":[],\"responses\":[{\"respondentId\":\"r0000\",\"contacts\":[CONTACT]}]}", "responses")]
    [InlineData("{\"responses\":[{\"respondentId\":\"r0003\",\"respondentId\":\"r0000\",\"contacts\":[CONTACT]}]}", "responses[0].respondentId")]
    [InlineData("{\"responses\":[{\"respondentId\":\"r0000\",\"contacts\":[],\"contacts\":[CONTACT]}]}", "responses[0].contacts")]
    [InlineData("{\"responses\":[{\"respondentId\":\"r0000\",\"contacts\":[{\"personId\":\"r0001\",\"giveBack\":\"never\",\"frequency\":\"weekly\",\"benefits\":[],\"personal\":true,\"giveBack\":\"often\"}]}]}", "responses[0].contacts[0].giveBack")]
    public async Task A_repeated_member_in_a_json_import_is_400_naming_it(string body, string field)
    {
        await using var server = await LocalHostServer.StartAsync();
        await TrustData.SeedAsync(server, 5);

        var response = await server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses", body.Replace("CONTACT", Contact(), StringComparison.Ordinal), "application/json");

        await AssertRefusedAsync(response, field);
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", Me));
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", "r0003"));
    }

    [Fact]
    public async Task The_exact_names_are_still_accepted_everywhere()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await TrustData.SeedAsync(server, 5);
        var contact = Contact("benefits", "[\"solutions\",\"pointersToWhoKnows\",\"problemReformulation\",\"validation\",\"legitimation\"]");

        var survey = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[Me], raw: "{\"contacts\":[" + contact + "]}");
        var json = await server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses",
            "{\"responses\":[{\"respondentId\":\"r0002\",\"contacts\":[" + Contact("frequency", "\"lessThanMonthly\"") + "]}]}", "application/json");
        var csv = await server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses",
            "respondentId,personId,frequency,benefits,personal,giveBack\nr0003,r0001,Daily,solutions;validation,true,Often\n", "text/csv");

        Assert.Equal(HttpStatusCode.OK, survey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(5, (await server.Store.GetSubmissionAsync("acme", "c1", Me))!.Contacts[0].Benefits.Count);
        Assert.Equal(Domain.Survey.Frequency.LessThanMonthly, (await server.Store.GetSubmissionAsync("acme", "c1", "r0002"))!.Contacts[0].Frequency);
        Assert.Equal(Domain.Survey.GiveBack.Often, (await server.Store.GetSubmissionAsync("acme", "c1", "r0003"))!.Contacts[0].GiveBack);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.DoesNotContain("not valid JSON", text, StringComparison.Ordinal);
        Assert.True(errors.Any(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)), $"expected an error for '{field}': {text}");
    }
}
