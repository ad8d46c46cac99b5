namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// "The social side of performance": the network profile of the top-rated quartile against everyone
/// else, among respondents whose answers count and who have a rating.
/// </summary>
/// <param name="Scope">"organization" or "team".</param>
/// <param name="EffectSize">Always "cohensD" (pooled SD).</param>
/// <param name="TopGroup">Rated respondents in the top quartile (ties at the cut kept together); null at team level when a group is under k.</param>
/// <param name="Rest">The other rated respondents; null when <paramref name="TopGroup"/> is.</param>
/// <param name="Note">Why there are no figures, when there are none.</param>
public sealed record PerformanceComparison(
    string Scope,
    string EffectSize,
    int Permutations,
    ulong Seed,
    int? TopGroup,
    int? Rest,
    string? Note,
    IReadOnlyList<PerformanceMeasure> Measures);

/// <summary>One measure compared between the top quartile and the rest.</summary>
/// <param name="TopMean">Null at team level (means there could be subtracted from the organization's).</param>
public sealed record PerformanceMeasure(
    Measure Measure,
    int TopCount,
    int RestCount,
    double? TopMean,
    double? RestMean,
    double? EffectSize,
    double? PValue);
