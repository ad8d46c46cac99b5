namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// The privacy rules every report follows.
/// <list type="number">
/// <item><b>Threshold.</b> A team is published when it has at least k respondents
/// (k = <c>Cycle.AnonymityThreshold</c>). A team under k is suppressed: its report shows coverage only
/// (members, respondents, response rate) — no averages, no per-member measures, no map, no export.</item>
/// <item><b>Complementary suppression.</b> Let R be the respondents of all suppressed teams together.
/// When 0 &lt; |R| &lt; k, R's answers are held back from the analysis: the organization's network is
/// computed as if they had not responded (ties they named are not counted; ties others named to them
/// are). So no organization total, and no sum over published teams, contains anything they answered:
/// "organization minus the visible teams" is zero. When |R| ≥ k their answers count, and subtracting
/// the published teams from an organization total reveals at most an aggregate of those ≥ k people.
/// Either way reports never break a suppressed team out: its members appear in no list, carry no
/// measures in exports, the nominations they made are drawn in no map and listed in no export, and a
/// published team's connections count the other direction only for published teams.</item>
/// <item><b>One partition.</b> Answers are aggregated by team only (never by function, level or
/// location), so no second partition can be intersected with the first.</item>
/// <item><b>Anonymized by default.</b> Members appear as stable pseudonyms ("Member C"), assigned in
/// an order derived from a hash of the cycle and person ids, so neither roster order nor a previous
/// cycle's pseudonym reveals who is who; names only when <c>Cycle.NamedReports</c>.</item>
/// <item><b>Performance.</b> Ratings appear only as comparisons between groups that each have at
/// least k people; at team level only the effect size and p value (no group means, which could be
/// subtracted from the organization's).</item>
/// <item><b>Contributors per figure.</b> Every aggregate also needs at least k contributors of its
/// own, or it is null ("—" on the pages): an average of the answers counts members with a value who
/// named at least one contact; a structural average, everyone whose nominations reach the group;
/// team density, members who named a teammate; E-I of nominations made, members who named anyone;
/// E-I of all ties, everyone whose nominations touch the team; the organization's arcs, density,
/// reciprocity and E-I, everyone who named anyone; each side of a performance comparison, its
/// contributors to that measure. Changes since the previous cycle are differences of such figures
/// and are null where either is. Per measure of the answers, the organization's average is withheld
/// too when the teams whose average is shown leave between 1 and k − 1 contributors unaccounted for
/// (so it cannot be subtracted back to a withheld team).</item>
/// <item><b>Member rows.</b> In an anonymized report, per-member values of the answers (and the
/// member's outside contacts) are shown only when at least k members of the team have such values;
/// otherwise the rows and the export keep the structural measures and roles only. With fewer, a
/// member who recognises their own row faces fewer than k − 1 other rows with values, down to one
/// whose values then belong to the only other teammate who answered; with k or more the reader is
/// as uncertain as an average over k would leave them. Withholding them always would drop the
/// per-member view the report is for; a named report shows them because the cycle chose names.</item>
/// <item><b>Differencing.</b> Two publications of a cycle may be compared, so the report job
/// publishes again only when, since the last publication, the number of respondents whose answers
/// changed (added, edited, removed or moved to another team, counting only answers that named
/// anyone and that enter the analysis) is 0 or at least k in every published team, and the same
/// for the suppressed teams taken together (whose answers count only when they are k or more
/// together). Otherwise nothing is published, not even when forced, and every report keeps its
/// bytes and date ("held"). Deciding per team would not do: organization figures would move while
/// a team's report stayed as it was. The first publication has nothing to compare with; a rebuild
/// after an erasure publishes anyway, since an erasure must not wait.</item>
/// <item><b>Personal profiles.</b> A person always sees their own values; the team and organization
/// averages beside them are those the report job last published, with their date, never figures
/// computed for the request.</item>
/// </list>
/// Structural measures of a published member (in-degree, betweenness, constraint) count every
/// nomination that reached the analysis, since they describe the person named.
/// </summary>
public static class Privacy
{
    /// <summary>Whether a group with this many respondents may show aggregates.</summary>
    public static bool MayPublish(int respondents, int threshold) => respondents >= Math.Max(1, threshold);

    /// <summary>Whether a figure with this many contributors may be shown.</summary>
    public static bool MayShow(int contributors, int threshold) => contributors >= Math.Max(1, threshold);

    /// <summary>
    /// Whether the answers of suppressed groups must be held back: they exist, and together they are
    /// fewer than the threshold (so a total minus the published groups would expose them).
    /// </summary>
    public static bool MustHoldBack(int suppressedRespondents, int threshold) =>
        suppressedRespondents > 0 && suppressedRespondents < threshold;
}
