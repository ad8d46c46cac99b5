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
