using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// What a respondent needs to answer: the people they may name (every other active person, nobody
/// else) and their current answer, if any.
/// </summary>
public sealed class SurveyForms(RespondentAccess access, ISurveyStore store)
{
    public sealed record Form(Respondent Me, IReadOnlyList<Person> Choices, Submission? Saved);

    public ValueTask<Outcome<Form>> GetAsync(ReadOnlySpan<char> token, CancellationToken ct) => LoadAsync(access.ResolveAsync(token, ct), ct);

    private async ValueTask<Outcome<Form>> LoadAsync(ValueTask<Outcome<Respondent>> resolving, CancellationToken ct)
    {
        var me = await resolving;
        if (!me.Succeeded)
        {
            return me.Refusal;
        }

        var (claims, _, roster, person, _) = me.Value;
        var choices = roster.ActivePeople.Where(p => p.Id != person.Id).ToArray();
        var saved = await store.GetSubmissionAsync(claims.OrgId, claims.CycleId, person.Id, ct);
        return new Form(me.Value, choices, saved);
    }
}
