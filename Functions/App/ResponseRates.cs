using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.App;

/// <summary>Response counts of a cycle: people are the active roster; respondents those of them who answered.</summary>
public sealed record ResponseRates(int People, int Respondents, double ResponseRate, IReadOnlyList<TeamResponseRate> Teams)
{
    public static ResponseRates Count(Roster roster, IEnumerable<string> respondentIds)
    {
        var answered = respondentIds.ToHashSet(StringComparer.Ordinal);
        var active = roster.ActivePeople.ToArray();
        var teams = roster.Teams
            .Select(t =>
            {
                var members = active.Where(p => p.TeamId == t.Id).ToArray();
                var responded = members.Count(p => answered.Contains(p.Id));
                return new TeamResponseRate(t.Id, t.Name, members.Length, responded, Rate(responded, members.Length));
            })
            .Where(t => t.People > 0)
            .ToArray();
        var total = active.Count(p => answered.Contains(p.Id));
        return new ResponseRates(active.Length, total, Rate(total, active.Length), teams);
    }

    private static double Rate(int n, int of) => of == 0 ? 0 : Math.Round((double)n / of, 4);
}

public sealed record TeamResponseRate(string TeamId, string Name, int People, int Respondents, double ResponseRate);
