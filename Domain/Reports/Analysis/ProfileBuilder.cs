using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>A person's own profile from an analysis: their values, roles, contacts in answer order and findings.</summary>
internal static class ProfileBuilder
{
    public static ProfileComparison FromAnalysis(ReportAnalysis a, int i) => new(
        a.Current.TeamAverages[a.Data.TeamOf[i]] is { } team ? new PublishedAverages(team, a.ComputedAt) : null,
        a.Current.OrganizationAverages is { } org ? new PublishedAverages(org, a.ComputedAt) : null);

    public static PersonalProfile Build(ReportAnalysis a, int i, ProfileComparison comparison)
    {
        var data = a.Data;
        var person = data.People[i];
        var t = data.TeamOf[i];
        var heldBack = data.Effective[i] is not null && !data.AnswersCount(i);
        var own = heldBack
            ? a.AllAnswers[i].Where(m => MeasureCatalog.Of(m).Kind != MeasureKind.Centrality && m < Measure.InDegree)
            : a.Current.Values[i];
        var roles = heldBack ? [] : a.Roles[i];
        var contacts = Contacts(a, i, out var mutual);
        var ties = data.Effective[i] is null ? null : ProfileFindingsBuilder.Ties(contacts, heldBack ? null : mutual, heldBack ? null : (int?)Math.Round(own[Measure.InDegree] ?? 0));
        return new PersonalProfile
        {
            ReportId = a.ReportId("person:" + person.Id),
            OrgId = data.Cycle.OrgId,
            CycleId = data.Cycle.Id,
            CycleTitle = data.Cycle.Title,
            PersonId = person.Id,
            Name = string.IsNullOrWhiteSpace(person.Name) ? person.Id : person.Name,
            TeamId = data.TeamIds[t],
            TeamName = data.Teams[t].Name,
            Fingerprint = a.Fingerprint,
            ComputedAt = a.ComputedAt,
            Method = a.Method,
            Responded = data.Effective[i] is not null,
            AnswersHeldBack = heldBack,
            Own = own,
            Roles = roles,
            TeamAverages = comparison.Team?.Averages,
            TeamAveragesComputedAt = comparison.Team?.Averages is null ? null : comparison.Team.ComputedAt,
            OrganizationAverages = comparison.Organization?.Averages,
            OrganizationAveragesComputedAt = comparison.Organization?.Averages is null ? null : comparison.Organization.ComputedAt,
            Contacts = contacts,
            Recommendations = data.Effective[i] is null ? [] : Recommendations.ForPerson(a, i, own, roles, comparison.Organization?.Averages),
            Ties = ties,
            Findings = ties is null ? [] : ProfileFindingsBuilder.Findings(ties, own, comparison.Organization?.Averages, !heldBack),
            Flags = ProfileFindingsBuilder.Flags(roles, own, data.Effective[i] is not null, a.Thresholds),
        };
    }

    /// <summary>
    /// The contacts the person named, in answer order, with the boundaries each crosses (their own answers
    /// only); <paramref name="mutual"/> counts the colleagues among them whose counted answers name the
    /// person too. Who they are is marked per contact only in cycles with named reports.
    /// </summary>
    private static List<ProfileContact> Contacts(ReportAnalysis a, int i, out int mutual)
    {
        var data = a.Data;
        mutual = 0;
        if (data.Effective[i] is not { } submission)
        {
            return [];
        }

        var named = data.Cycle.NamedReports;

        var me = data.People[i];
        var seen = new HashSet<int>();
        var result = new List<ProfileContact>();
        foreach (var c in submission.Contacts ?? [])
        {
            if (c is null)
            {
                continue;
            }

            if (c.PersonId is null)
            {
                result.Add(new ProfileContact(ExportBuilder.OutsideLabel(c), true, c.OutsideKind, null, null, null, null, false, false, false, Survey.Vocabulary.Frequency.IsDefined(c.Frequency) ? c.Frequency : null, c.Personal, c.GiveBack));
                continue;
            }

            if (!data.NodeOf.TryGetValue(c.PersonId, out var j) || j == i || !seen.Add(j))
            {
                continue;
            }

            var other = data.People[j];
            var back = data.AnswersCount(j) && (data.Effective[j]!.Contacts ?? []).Any(x => x?.PersonId is { } id && string.Equals(id, me.Id, StringComparison.Ordinal));
            if (back)
            {
                mutual++;
            }

            result.Add(new ProfileContact(
                string.IsNullOrWhiteSpace(other.Name) ? other.Id : other.Name,
                false,
                null,
                data.Teams[data.TeamOf[j]].Name,
                other.Function,
                other.Location,
                other.Level > me.Level ? "more senior" : other.Level < me.Level ? "more junior" : "same level",
                data.TeamOf[j] != data.TeamOf[i],
                !string.Equals(other.Function, me.Function, StringComparison.Ordinal),
                !string.Equals(other.Location, me.Location, StringComparison.Ordinal),
                Survey.Vocabulary.Frequency.IsDefined(c.Frequency) ? c.Frequency : null,
                c.Personal,
                c.GiveBack,
                named ? back : null));
        }

        return result;
    }
}
