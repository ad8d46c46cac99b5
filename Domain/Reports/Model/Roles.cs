namespace SurveyNetwork.Domain.Reports.Model;

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
    /// <summary>
    /// Gives colleagues energy (Cross, Baker &amp; Parker 2003, "What creates energy in organizations?"):
    /// rated energizing (4–5) by at least <see cref="RoleThresholds.EnergizerMinRaters"/> colleagues and by
    /// as many as the organization's top decile. Derived from other people's answers, so it is attached to a
    /// person only in named reports; anonymized reports give counts only.
    /// </summary>
    Energizer,
}

/// <summary>
/// The thresholds roles were assigned with, computed over every person in the organization's network.
/// Percentiles are nearest-rank: the value at position ⌈q·n⌉ of the ascending values.
/// </summary>
/// <param name="CentralConnectorMinInDegree">InDegreeMean + InDegreeStandardDeviation (population SD).</param>
/// <param name="BrokerMinBetweenness">90th percentile of betweenness (and above 0).</param>
/// <param name="BrokerMaxConstraint">Median constraint over people with a tie.</param>
/// <param name="OverloadedOrgTopInDegree">95th percentile of in-degree.</param>
/// <param name="EnergizerMinEnergizingInDegree">
/// Energizer: the 90th percentile, over everyone in the network, of the number of colleagues who rated the
/// person energizing, and at least <paramref name="EnergizerMinRaters"/>; null when the cycle does not ask about energy.
/// </param>
/// <param name="EnergizerNamed">True when energizers are named (named reports); otherwise reports give counts only.</param>
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
    double OverloadedOrgTopInDegree,
    double? EnergizerMinEnergizingInDegree = null,
    int EnergizerMinRaters = RoleThresholds.EnergizerRaters,
    bool EnergizerNamed = false)
{
    public const double BrokerBetweennessPercentile = 0.90;
    public const double OverloadedInDegreePercentile = 0.95;
    public const double EnergizerPercentile = 0.90;

    /// <summary>The fewest colleagues whose energizing ratings make an energizer, however the organization's ratings fall.</summary>
    public const int EnergizerRaters = 3;

    /// <summary>Plain-language rules, as the report prints them.</summary>
    public IReadOnlyList<(Role Role, string Rule)> Describe() =>
    [
        (Role.CentralConnector, $"named by at least {Format.Number(CentralConnectorMinInDegree, 1)} colleagues (organization mean {Format.Number(InDegreeMean, 1)} + one standard deviation {Format.Number(InDegreeStandardDeviation, 1)})"),
        (Role.Broker, $"betweenness in the organization's top 10% (at least {Format.Centrality(BrokerMinBetweenness)}, above 0) and constraint at or below the median ({Format.Number(BrokerMaxConstraint, 2)})"),
        (Role.BoundarySpanner, $"at least {Format.Percent(BoundarySpannerMinShare)} of {BoundarySpannerMinContacts} or more contacts are in other teams or outside the organization"),
        (Role.Peripheral, $"named by at most {PeripheralMaxDegree} colleague and naming at most {PeripheralMaxDegree} (non-respondents name nobody, so only the first part speaks for them)"),
        (Role.Overloaded, $"named by at least {OverloadedMinInDegree} colleagues and by at least {Format.Number(OverloadedTeamMedianFactor, 0)}× their team's median, or in the organization's top 5% (at least {Format.Number(OverloadedOrgTopInDegree, 0)})"),
        (Role.Isolate, "no tie in either direction"),
        (Role.Energizer, EnergizerMinEnergizingInDegree is { } e
            ? $"rated energizing (4 or 5 of 5) by at least {Format.Number(e, 0)} colleagues whose answers count: the organization's top 10% by that count (nearest rank), and never fewer than {EnergizerMinRaters} (Cross, Baker & Parker 2003). "
              + (EnergizerNamed ? "Named here because this cycle has named reports." : "The rating comes from other people's answers, so anonymized reports give only how many energizers there are, never who they are.")
            : "not assigned: this cycle did not ask how energizing each contact is"),
    ];
}
