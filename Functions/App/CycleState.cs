using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// A cycle as judged at <paramref name="At"/> (its status follows from that), with its response rates
/// when counted and what its anonymity threshold will hold back when the roster is known.
/// </summary>
public sealed record CycleState(Cycle Cycle, DateTimeOffset At, ResponseRates? Responses = null, ThresholdCheck? Threshold = null);
