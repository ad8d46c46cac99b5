namespace SurveyNetwork.Domain.Reports;

/// <summary>Structural roles a person can hold (several at once, except isolate and peripheral).</summary>
public enum Role
{
    /// <summary>Sought out far more than most: in-degree ≥ organization mean + 1 SD.</summary>
    CentralConnector,
    /// <summary>Bridges otherwise separate people: betweenness in the top decile and constraint at or below the median.</summary>
    Broker,
    /// <summary>At least half of 3+ contacts outside their own team (other teams or outside the organization).</summary>
    BoundarySpanner,
    /// <summary>Barely connected: in-degree ≤ 1 and out-degree ≤ 1, not an isolate.</summary>
    Peripheral,
    /// <summary>A likely bottleneck: in-degree ≥ 8 and (≥ 2 × team median or in the organization's top 5 %).</summary>
    Overloaded,
    /// <summary>No tie in either direction.</summary>
    Isolate,
}

/// <summary>
/// The thresholds roles were assigned with, computed over every person in the organization's network.
/// Percentiles are nearest-rank: the value at position ⌈q·n⌉ of the ascending values.
/// </summary>
/// <param name="CentralConnectorMinInDegree">InDegreeMean + InDegreeStandardDeviation (population SD).</param>
/// <param name="BrokerMinBetweenness">90th percentile of betweenness (and above 0).</param>
/// <param name="BrokerMaxConstraint">Median constraint over people with a tie.</param>
/// <param name="OverloadedOrgTopInDegree">95th percentile of in-degree.</param>
public sealed record RoleThresholds(
    double InDegreeMean,
    double InDegreeStandardDeviation,
    double CentralConnectorMinInDegree,
    double BrokerMinBetweenness,
    double BrokerMaxConstraint,
    double BoundarySpannerMinShare,
    int BoundarySpannerMinContacts,
    int PeripheralMaxDegree,
    int OverloadedMinInDegree,
    double OverloadedTeamMedianFactor,
    double OverloadedOrgTopInDegree)
{
    public const double BrokerBetweennessPercentile = 0.90;
    public const double OverloadedInDegreePercentile = 0.95;

    /// <summary>Plain-language rules, as the report prints them.</summary>
    public IReadOnlyList<(Role Role, string Rule)> Describe() =>
    [
        (Role.CentralConnector, $"named by at least {Format.Number(CentralConnectorMinInDegree, 1)} colleagues (organization mean {Format.Number(InDegreeMean, 1)} + one standard deviation {Format.Number(InDegreeStandardDeviation, 1)})"),
        (Role.Broker, $"betweenness in the organization's top 10% (at least {Format.Centrality(BrokerMinBetweenness)}, above 0) and constraint at or below the median ({Format.Number(BrokerMaxConstraint, 2)})"),
        (Role.BoundarySpanner, $"at least {Format.Percent(BoundarySpannerMinShare)} of {BoundarySpannerMinContacts} or more contacts are in other teams or outside the organization"),
        (Role.Peripheral, $"named by at most {PeripheralMaxDegree} colleague and naming at most {PeripheralMaxDegree} (non-respondents name nobody, so only the first part speaks for them)"),
        (Role.Overloaded, $"named by at least {OverloadedMinInDegree} colleagues and by at least {Format.Number(OverloadedTeamMedianFactor, 0)}× their team's median, or in the organization's top 5% (at least {Format.Number(OverloadedOrgTopInDegree, 0)})"),
        (Role.Isolate, "no tie in either direction"),
    ];
}

/// <summary>Assigns <see cref="Role"/>s from structural measures; the thresholds are documented on <see cref="Role"/>.</summary>
internal static class Roles
{
    public const double BoundarySpannerMinShare = 0.5;
    public const int BoundarySpannerMinContacts = 3;
    public const int PeripheralMaxDegree = 1;
    public const int OverloadedMinInDegree = 8;
    public const double OverloadedTeamMedianFactor = 2.0;

    public static RoleThresholds Thresholds(int[] inDegree, double[] betweenness, double?[] constraint)
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
            Percentile(inDegree.Select(d => (double)d).ToArray(), RoleThresholds.OverloadedInDegreePercentile));
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
