// Drives a whole survey cycle through the client Kiota generates from the API description. Built
// outside this solution, together with the generated code, by KiotaClientTests; arguments: the
// API's origin and the admin key. Prints one "key: value" line per checked result.
using Drive.Client;
using Drive.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

var origin = args[0];
var adminKey = args[1];

SurveyNetworkClient ClientWith(string header, string value)
{
    var http = new HttpClient();
    http.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
    return new SurveyNetworkClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = origin });
}

var admin = ClientWith("x-functions-key", adminKey);
var org = admin.Api.Orgs["kiota"];

var roster = await org.Roster.PutAsync(new RosterInput
{
    Teams = [new RosterInput_teams { Id = "eng", Name = "Engineering" }],
    People =
    [
        new RosterInput_people { Id = "p1", Name = "Ana Silva", TeamId = "eng", Function = "Engineering", Level = 3, Location = "Lisbon" },
        new RosterInput_people { Id = "p2", Name = "Ben Okafor", TeamId = "eng", Function = "Engineering", Level = 2, Location = "Lisbon", ManagerId = "p1" },
        new RosterInput_people { Id = "p3", Name = "Chloé Martin", TeamId = "eng", Function = "Engineering", Level = 2, Location = "Berlin", ManagerId = "p1" },
        new RosterInput_people { Id = "p4", Name = "Dmitri Petrov", TeamId = "eng", Function = "Engineering", Level = 1, Location = "Berlin", ManagerId = "p3" },
    ],
});
Console.WriteLine($"roster.people: {roster!.People}");

var cycle = await org.Cycles.PostAsync(new CycleInput
{
    Id = "c1", Title = "Generated client", ClosesAt = DateTimeOffset.UtcNow.AddDays(7), AnonymityThreshold = 3,
});
Console.WriteLine($"cycle.status: {cycle!.Status}");

var invitations = await org.Cycles["c1"].Invitations.PostAsync(new IssueInvitationsRequest());
Console.WriteLine($"invitations.count: {invitations!.Count}");

var tokens = invitations.Invitations!.ToDictionary(i => i.PersonId!, i => i.Token!);
string[] people = ["p1", "p2", "p3", "p4"];
SurveyNetworkClient? lastRespondent = null;
foreach (var (respondent, named) in new[] { ("p1", "p2"), ("p2", "p1"), ("p3", "p4") })
{
    lastRespondent = ClientWith("Authorization", "Bearer " + tokens[respondent]);
    var receipt = await lastRespondent.Api.Survey.Response.PutAsync(new SurveyAnswer
    {
        Contacts =
        [
            new SurveyAnswer_contacts
            {
                PersonId = named, Frequency = SurveyAnswer_contacts_frequency.Weekly, Benefits = [SurveyAnswer_contacts_benefits.Solutions],
                Personal = false, GiveBack = SurveyAnswer_contacts_giveBack.Sometimes,
            },
            new SurveyAnswer_contacts
            {
                PersonId = people.First(p => p != respondent && p != named), Frequency = SurveyAnswer_contacts_frequency.Monthly, Benefits = [],
                Personal = true, GiveBack = SurveyAnswer_contacts_giveBack.Rarely,
            },
        ],
    });
    Console.WriteLine($"answer.{respondent}.version: {receipt!.Version}");
}

// The run is queued (202 Accepted); its status route says when it is done.
var queued = await org.Cycles["c1"].Reports.PostAsync(c => c.QueryParameters.Force = true);
var run = queued!;
for (var wait = 0; wait < 1200 && run.State?.ToString() is not ("Done" or "Failed"); wait++)
{
    await Task.Delay(100);
    run = (await org.Cycles["c1"].Runs[queued!.Id].GetAsync())!;
}

Console.WriteLine($"run.state: {run.State}");
Console.WriteLine($"run.status: {run.Result?.Status}");

var report = await org.Cycles["c1"].Teams["eng"].Report.GetAsync();
Console.WriteLine($"report.teamId: {report!.TeamId}");
Console.WriteLine($"report.published: {report.Published}");
Console.WriteLine($"report.respondents: {report.Coverage!.Respondents}");
Console.WriteLine($"report.members: {report.Members!.Count}");

var profile = await lastRespondent!.Api.Survey.Profile.GetAsync();
Console.WriteLine($"profile.personId: {profile!.PersonId}");
Console.WriteLine($"profile.contacts: {profile.Contacts!.Count}");
