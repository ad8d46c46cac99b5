using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// A cycle as the API shows it, with its status and, when counted, its response rates and
/// <see cref="ThresholdCheck"/>: the teams under the anonymity threshold and what that holds back.
/// </summary>
public sealed record CycleView(
    string OrgId,
    string Id,
    string Title,
    string Status,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    DateTimeOffset? ClosedAt,
    CycleOptions Options,
    int AnonymityThreshold,
    bool NamedReports,
    string? PreviousCycleId,
    DateTimeOffset? InvitationsIssuedAt,
    int InvitationsIssued,
    ResponseRates? Responses = null,
    ThresholdCheck? ThresholdCheck = null)
{
    public static CycleView Of(CycleState state) => Of(state.Cycle, state.At, state.Responses, state.Threshold);

    public static CycleView Of(Cycle c, DateTimeOffset now, ResponseRates? responses = null, ThresholdCheck? threshold = null) => new(
        c.OrgId, c.Id, c.Title, c.StatusAt(now).ToString().ToLowerInvariant(), c.OpensAt, c.ClosesAt, c.ClosedAt,
        c.Options, c.AnonymityThreshold, c.NamedReports, c.PreviousCycleId, c.InvitationsIssuedAt, c.InvitationsIssued, responses, threshold);
}
