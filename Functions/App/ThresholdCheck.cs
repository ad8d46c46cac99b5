using System.Globalization;
using System.Text.Json.Serialization;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// What a cycle's anonymity threshold k will hold back, judged from the active roster before anyone
/// answers (and with the answers so far once there are some), by the rules the reports follow
/// (<see cref="Privacy"/>): a team with fewer than k active people can never be reported on its own,
/// and when such teams together have fewer than k people their answers are left out of the whole
/// organization's network, which changes everyone's structural values.
/// </summary>
/// <param name="AnonymityThreshold">k: the fewest respondents a team needs for its own report.</param>
/// <param name="Teams">Teams with fewer than k active people, smallest first: under the threshold whatever the response.</param>
/// <param name="PeopleInTeamsUnderThreshold">Active people in those teams together.</param>
/// <param name="TheirAnswers">What happens to those teams' answers in the organization's figures.</param>
/// <param name="Warnings">The same in plain language, one sentence each (what the admin console shows); empty when every team can reach k.</param>
public sealed record ThresholdCheck(
    int AnonymityThreshold,
    IReadOnlyList<TeamUnderThreshold> Teams,
    int PeopleInTeamsUnderThreshold,
    SmallTeamAnswers TheirAnswers,
    IReadOnlyList<string> Warnings)
{
    /// <param name="respondentIds">Who has answered so far; null before the cycle is counted.</param>
    public static ThresholdCheck Of(Roster roster, int threshold, IEnumerable<string>? respondentIds = null)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var k = Math.Max(1, threshold);
        var answered = respondentIds?.ToHashSet(StringComparer.Ordinal);
        var active = roster.ActivePeople.ToArray();
        var small = roster.Teams
            .Select(t =>
            {
                var members = active.Where(p => p.TeamId == t.Id).ToArray();
                int? respondents = answered is null ? null : members.Count(p => answered.Contains(p.Id));
                return new TeamUnderThreshold(t.Id, t.Name, members.Length, respondents);
            })
            .Where(t => t.Members > 0 && !Privacy.MayPublish(t.Members, k))
            .OrderBy(t => t.Members).ThenBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.TeamId, StringComparer.Ordinal)
            .ToArray();
        var people = small.Sum(t => t.Members);
        var answers = small.Length == 0 ? SmallTeamAnswers.NothingHeldBack
            : Privacy.MustHoldBack(people, k) ? SmallTeamAnswers.LeftOutOfEveryFigure
            : SmallTeamAnswers.CountOnlyIfEnoughAnswer;
        return new ThresholdCheck(k, small, people, answers, Sentences(k, small, people, answers));
    }

    private static string[] Sentences(int k, TeamUnderThreshold[] small, int people, SmallTeamAnswers answers)
    {
        if (small.Length == 0)
        {
            return [];
        }

        var kText = k.ToString(CultureInfo.InvariantCulture);
        var list = string.Join(", ", small.Select(t => $"{t.Name} ({t.Members.ToString(CultureInfo.InvariantCulture)} {(t.Members == 1 ? "person" : "people")})"));
        var warnings = new List<string>
        {
            $"{small.Length.ToString(CultureInfo.InvariantCulture)} {(small.Length == 1 ? "team has" : "teams have")} fewer than {kText} active people and will stay under the anonymity threshold whatever the response: {list}. "
            + "They get no report of their own, their members appear in no list or map, and the ties they name are not listed in any export.",
        };
        warnings.Add(answers == SmallTeamAnswers.LeftOutOfEveryFigure
            ? $"Together these teams have {people.ToString(CultureInfo.InvariantCulture)} {(people == 1 ? "person" : "people")}, fewer than {kText}, so their answers will be left out of every figure: the organization's network is computed as if they had not answered, "
              + "which also changes the structural values (sought out by, betweenness, constraint) of the colleagues they would have named. Merge them into larger teams on the roster, or lower the threshold, to keep their answers."
            : $"Together these teams have {people.ToString(CultureInfo.InvariantCulture)} people: their answers count in the organization's figures only if at least {kText} of them answer; otherwise they are left out of every figure.");
        return [.. warnings];
    }
}

/// <summary>A team that cannot reach the anonymity threshold.</summary>
/// <param name="Members">Active people in the team.</param>
/// <param name="Respondents">Of them, those who have answered so far; absent before answers are counted.</param>
public sealed record TeamUnderThreshold(string TeamId, string Name, int Members, int? Respondents);

/// <summary>What the threshold does to the answers of teams under it.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<SmallTeamAnswers>))]
public enum SmallTeamAnswers
{
    /// <summary>Every team can reach the threshold.</summary>
    NothingHeldBack,
    /// <summary>They are fewer than k together: their answers are left out of every figure.</summary>
    LeftOutOfEveryFigure,
    /// <summary>They count in organization figures when at least k of them answer together.</summary>
    CountOnlyIfEnoughAnswer,
}
