using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// What a respondent needs to answer: the questions and their choices, their own name, the roster to
/// pick from (id, name, team, function — nothing else), their current answer if any, and where their profile is.
/// </summary>
public sealed class GetSurvey(SurveyForms forms)
{
    public sealed record RosterEntry(string Id, string Name, string Team, string Function);

    public sealed record QuestionSet(
        string InformationNetwork, string Frequency, string Benefits, string? Personal, string? GiveBack,
        string? Energy, string? OutsideKind, string? OutsideLabel)
    {
        /// <summary>The questions a cycle asks; those its options leave out are null.</summary>
        public static QuestionSet For(CycleOptions o) => new(
            Questions.InformationNetwork, Questions.Frequency, Questions.Benefits,
            o.AskPersonal ? Questions.Personal : null, o.AskGiveBack ? Questions.GiveBack : null,
            o.AskEnergy ? Questions.Energy : null,
            o.AllowOutsideContacts ? Questions.OutsideKind : null, o.AllowOutsideContacts ? Questions.OutsideLabel : null);
    }

    public sealed record CycleInfo(string Id, string Title, string Status, DateTimeOffset ClosesAt, CycleOptions Options);

    public sealed record Me(string Id, string Name, string Team);

    public sealed record SavedAnswer(IReadOnlyList<ContactAnswer> Contacts, DateTimeOffset SubmittedAt, long Version);

    /// <param name="Choices">Each question's choices by answer member (<see cref="Vocabulary.ByField"/>), so the page holds no copy of them.</param>
    /// <param name="OutsideLabelMaxLength">Longest label of an outside contact, in characters.</param>
    /// <param name="ProfileUrl">The same-origin page showing the respondent's own network profile (open it with <c>#token=…</c>).</param>
    public sealed record Response(
        string OrgId, CycleInfo Cycle, Me Respondent, QuestionSet Questions, IReadOnlyDictionary<string, IReadOnlyList<Choice>> Choices, int OutsideLabelMaxLength, IReadOnlyList<RosterEntry> Roster, SavedAnswer? Answer, string ProfileUrl);

    [Function(nameof(GetSurvey))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey")] HttpRequest request,
        CancellationToken ct)
    {
        var form = await forms.GetAsync(InvitationTokens.TokenOf(request), ct);
        if (!form.Succeeded)
        {
            return Problems.For(form.Refusal);
        }

        var (me, choices, saved) = form.Value;
        var (cycle, person) = (me.Cycle, me.Person);
        var teams = me.Roster.Teams.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        return ApiResult.Json(new Response(
            me.Claims.OrgId,
            new CycleInfo(cycle.Id, cycle.Title, cycle.StatusAt(me.At).ToString().ToLowerInvariant(), cycle.EffectiveClose, cycle.Options),
            new Me(person.Id, person.Name, teams.GetValueOrDefault(person.TeamId, person.TeamId)),
            QuestionSet.For(cycle.Options),
            Vocabulary.ByField,
            Vocabulary.OutsideLabelMaxLength,
            choices.Select(p => new RosterEntry(p.Id, p.Name, teams.GetValueOrDefault(p.TeamId, p.TeamId), p.Function)).ToArray(),
            saved is null ? null : new SavedAnswer(saved.Contacts, saved.SubmittedAt, saved.Version),
            ProfilePage.Path));
    }
}
