using System.Security.Cryptography;
using System.Text;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// One answer that reports are computed from, as the differencing rule of <see cref="Privacy"/>
/// compares publications: the respondent and the answer as digests (so a stored basis names nobody
/// and holds no answer), and the group whose figures the answer can move: its team when the team is
/// published, <see cref="AnswerChanges.SuppressedGroup"/> for the suppressed teams taken together.
/// </summary>
public sealed record CountedAnswer(string Respondent, string Answer, string Group);

/// <summary>A group in which between 1 and k − 1 answers changed since the last publication.</summary>
public sealed record GroupChange(string Group, int Changed);

/// <summary>Which answers a cycle's reports rest on, and whether publishing them again is allowed.</summary>
public static class AnswerChanges
{
    /// <summary>The suppressed teams taken together; no team id starts with '_'.</summary>
    public const string SuppressedGroup = "_suppressed";

    /// <summary>
    /// The answers of respondents who named anyone and whose answers enter the analysis (those of
    /// suppressed teams that are held back do not), ordered by respondent.
    /// </summary>
    public static IReadOnlyList<CountedAnswer> Of(ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var data = PreparedCycle.Prepare(inputs.Roster, inputs.Cycle, inputs.Submissions, withNetwork: false);
        var counted = new List<CountedAnswer>();
        for (var i = 0; i < data.People.Length; i++)
        {
            if (data.Effective[i] is not { Contacts.Count: > 0 } answer || !data.AnswersCount(i))
            {
                continue;
            }

            var team = data.TeamOf[i];
            counted.Add(new CountedAnswer(
                Digest($"{data.Cycle.OrgId}\n{data.Cycle.Id}\n{data.People[i].Id}"),
                Digest(ReportFingerprint.CanonicalText(answer)),
                data.Published[team] ? data.TeamIds[team] : SuppressedGroup));
        }

        return counted.OrderBy(a => a.Respondent, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Groups where between 1 and k − 1 respondents' answers differ between the two sets (added,
    /// edited, removed, or moved to another group, which counts in both groups), ordered by group.
    /// Empty when publishing <paramref name="current"/> after <paramref name="published"/> is allowed.
    /// </summary>
    public static IReadOnlyList<GroupChange> TooFew(IReadOnlyList<CountedAnswer> published, IReadOnlyList<CountedAnswer> current, int threshold)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(current);
        var before = published.ToDictionary(a => a.Respondent, StringComparer.Ordinal);
        var after = current.ToDictionary(a => a.Respondent, StringComparer.Ordinal);
        var changed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var respondent in before.Keys.Union(after.Keys, StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(respondent);
            var now = after.GetValueOrDefault(respondent);
            if (old == now)
            {
                continue;
            }

            foreach (var side in new[] { old, now })
            {
                if (side is not null)
                {
                    (changed.TryGetValue(side.Group, out var who) ? who : changed[side.Group] = new HashSet<string>(StringComparer.Ordinal)).Add(respondent);
                }
            }
        }

        return changed
            .Where(c => !Privacy.MayShow(c.Value.Count, threshold))
            .Select(c => new GroupChange(c.Key, c.Value.Count))
            .OrderBy(c => c.Group, StringComparer.Ordinal)
            .ToArray();
    }

    private static string Digest(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
