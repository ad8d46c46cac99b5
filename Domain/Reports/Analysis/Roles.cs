using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>Assigns <see cref="Role"/>s from structural measures; the thresholds are documented on <see cref="Role"/>.</summary>
internal static class Roles
{
    public const double BoundarySpannerMinShare = 0.5;
    public const int BoundarySpannerMinContacts = 3;
    public const int PeripheralMaxDegree = 1;
    public const int OverloadedMinInDegree = 8;
    public const double OverloadedTeamMedianFactor = 2.0;

    /// <param name="energizingInDegree">Per person, colleagues who rated them energizing; null when the cycle does not ask about energy.</param>
    /// <param name="named">Whether the cycle has named reports (energizers may then be named).</param>
    public static RoleThresholds Thresholds(int[] inDegree, double[] betweenness, double?[] constraint, int[]? energizingInDegree = null, bool named = false)
    {
        var n = inDegree.Length;
        double mean = 0, sd = 0;
        if (n > 0)
        {
            mean = inDegree.Average();
            var m = mean;
            sd = Math.Sqrt(inDegree.Sum(d => (d - m) * (d - m)) / n);
        }

        var constraints = constraint.Where(c => c.HasValue).Select(c => c!.Value).ToArray();
        return new RoleThresholds(
            mean,
            sd,
            mean + sd,
            Percentile(betweenness, RoleThresholds.BrokerBetweennessPercentile),
            constraints.Length == 0 ? 0 : Median(constraints),
            BoundarySpannerMinShare,
            BoundarySpannerMinContacts,
            PeripheralMaxDegree,
            OverloadedMinInDegree,
            OverloadedTeamMedianFactor,
            Percentile(inDegree.Select(d => (double)d).ToArray(), RoleThresholds.OverloadedInDegreePercentile),
            energizingInDegree is null ? null : Math.Max(RoleThresholds.EnergizerRaters, Percentile(energizingInDegree.Select(d => (double)d).ToArray(), RoleThresholds.EnergizerPercentile)),
            RoleThresholds.EnergizerRaters,
            named);
    }

    /// <summary>Whether someone rated energizing by this many colleagues is an energizer (<see cref="Role.Energizer"/>).</summary>
    public static bool IsEnergizer(RoleThresholds t, int energizingInDegree) =>
        t.EnergizerMinEnergizingInDegree is { } min && energizingInDegree >= min;

    /// <summary>
    /// Per node, the respondents whose answers reach the network who rated the node energizing (4–5);
    /// null when the cycle does not ask about energy. Held-back answers are not in the network's contacts.
    /// </summary>
    public static int[]? EnergizingInDegree(OrgNetwork network)
    {
        if (network.Contacts is not { } contacts || !contacts.Questions.AskEnergy)
        {
            return null;
        }

        var count = new int[contacts.NodeCount];
        for (var i = 0; i < contacts.NodeCount; i++)
        {
            var targets = contacts.TargetsOf(i);
            for (var c = 0; c < targets.Length; c++)
            {
                if (targets[c] != SurveyContacts.Outside && contacts.EnergyAt(contacts.Offsets[i] + c) is >= Survey.Vocabulary.EnergizingFrom)
                {
                    count[targets[c]]++;
                }
            }
        }

        return count;
    }

    /// <summary>The roles of one person.</summary>
    /// <param name="outsideTeamShare">Share of contacts in other teams or outside the organization; null for non-respondents.</param>
    public static IReadOnlyList<Role> Of(
        RoleThresholds t,
        int inDegree,
        int outDegree,
        double betweenness,
        double? constraint,
        double? outsideTeamShare,
        int? networkSize,
        double teamMedianInDegree)
    {
        var roles = new List<Role>(2);
        if (inDegree > 0 && inDegree >= t.CentralConnectorMinInDegree)
        {
            roles.Add(Role.CentralConnector);
        }

        if (betweenness > 0 && betweenness >= t.BrokerMinBetweenness && constraint is { } c && c <= t.BrokerMaxConstraint)
        {
            roles.Add(Role.Broker);
        }

        if (outsideTeamShare is { } share && networkSize >= t.BoundarySpannerMinContacts && share >= t.BoundarySpannerMinShare)
        {
            roles.Add(Role.BoundarySpanner);
        }

        if (inDegree >= t.OverloadedMinInDegree
            && (inDegree >= t.OverloadedTeamMedianFactor * teamMedianInDegree || inDegree >= t.OverloadedOrgTopInDegree))
        {
            roles.Add(Role.Overloaded);
        }

        if (inDegree + outDegree == 0)
        {
            roles.Add(Role.Isolate);
        }
        else if (inDegree <= t.PeripheralMaxDegree && outDegree <= t.PeripheralMaxDegree)
        {
            roles.Add(Role.Peripheral);
        }

        return roles;
    }

    /// <summary>Nearest-rank percentile: the value at position ⌈q·n⌉ (1-based) of the sorted values; 0 when empty.</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
