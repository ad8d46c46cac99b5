using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>The inputs of the previous cycle, for "change since the previous cycle".</summary>
public sealed record PreviousCycle(Cycle Cycle, Roster Roster, IReadOnlyList<Submission> Submissions);

/// <summary>
/// Everything a cycle's reports depend on. Submissions of another organization or cycle are ignored;
/// when a respondent has several, the highest version (then the latest) counts.
/// </summary>
public sealed record ReportInputs(Roster Roster, Cycle Cycle, IReadOnlyList<Submission> Submissions, PreviousCycle? Previous = null);

/// <summary>How reports are computed and drawn (not part of the fingerprint: they change no figure but the map).</summary>
public sealed record ReportOptions
{
    /// <summary>Exact or sampled betweenness: the time budget, pivots and seed (<see cref="BetweennessPlan"/>).</summary>
    public BetweennessOptions Betweenness { get; init; } = new();

    /// <summary>Seed of the network map layout.</summary>
    public int LayoutSeed { get; init; } = 1;

    /// <summary>Worker threads for the analysis; −1 for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// For a report run: once the network is built, the analysis keeps of the answers only what team
    /// and organization reports read (who answered, and the outside contacts each named, whose labels
    /// the reports show), not every contact (the network holds them), and not the submissions of
    /// <see cref="ReportAnalysis.Inputs"/>. At a million people the answers take about 1.5 GB, which
    /// are then free for the rest of the analysis, provided the caller holds no reference to them
    /// either. Reports are byte for byte the same; personal profiles, which list every contact,
    /// cannot be built from such an analysis. Answers of unpublished teams stay whole: the exports
    /// count what they held back.
    /// </summary>
    public bool ReleaseAnswers { get; init; }
}
