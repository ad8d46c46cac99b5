namespace SurveyNetwork.Domain.Network;

/// <summary>
/// The article's four boundaries (Cross, Davenport &amp; Cantrell 2003): the share of a respondent's
/// contacts — roster and outside the organization together, T = roster contacts + outside contacts —
/// that sit across each boundary:
/// hierarchical (another level, split into up = more senior and down = more junior), functional
/// (another function), physical (another location), organizational (outside the organization);
/// plus another team. Each share is <c>count / T</c>; outside contacts count only as outside (their
/// team, function, level and location are unknown). Network size is T. Null for people who did not
/// respond or named nobody.
/// Reference: Cross, R., Davenport, T. &amp; Cantrell, S. (2003) The social side of performance. MIT Sloan
/// Management Review 45(1).
/// </summary>
public static class BoundarySpanning
{
    /// <summary>Shares per node, or null when the network carries no survey contacts or levels.</summary>
    public static BoundaryShares?[]? Compute(OrgNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var contacts = network.Contacts;
        var levels = network.Levels;
        var team = network.Attribute(OrgAttributes.Team);
        var function = network.Attribute(OrgAttributes.Function);
        var location = network.Attribute(OrgAttributes.Location);
        if (contacts is null || levels is null || team is null || function is null || location is null)
        {
            return null;
        }

        var result = new BoundaryShares?[network.Graph.NodeCount];
        for (var i = 0; i < result.Length; i++)
        {
            var targets = contacts.TargetsOf(i);
            if (!contacts.HasResponded(i) || targets.Length == 0)
            {
                continue;
            }

            int up = 0, down = 0, otherFunction = 0, otherLocation = 0, outside = 0, otherTeam = 0;
            foreach (var j in targets)
            {
                if (j == SurveyContacts.Outside)
                {
                    outside++;
                    continue;
                }

                if (levels[j] > levels[i]) up++;
                else if (levels[j] < levels[i]) down++;
                if (function.CodeOf(j) != function.CodeOf(i)) otherFunction++;
                if (location.CodeOf(j) != location.CodeOf(i)) otherLocation++;
                if (team.CodeOf(j) != team.CodeOf(i)) otherTeam++;
            }

            double t = targets.Length;
            result[i] = new BoundaryShares(
                targets.Length,
                (up + down) / t,
                up / t,
                down / t,
                otherFunction / t,
                otherLocation / t,
                outside / t,
                otherTeam / t);
        }

        return result;
    }
}

/// <summary>Shares of one person's contacts across each boundary (each in [0, 1]).</summary>
/// <param name="Contacts">T: roster contacts plus outside contacts (the network size).</param>
/// <param name="OtherLevel">At another level: <see cref="LevelUp"/> + <see cref="LevelDown"/>.</param>
/// <param name="LevelUp">At a more senior level.</param>
/// <param name="LevelDown">At a more junior level.</param>
public sealed record BoundaryShares(
    int Contacts,
    double OtherLevel,
    double LevelUp,
    double LevelDown,
    double OtherFunction,
    double OtherLocation,
    double OutsideOrganization,
    double OtherTeam);
