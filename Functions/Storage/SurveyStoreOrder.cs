using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage;

/// <summary>
/// The order lists come back in, the same for every store (Cosmos DB queries carry no ORDER BY):
/// ordinal by id, cycles by opening time first.
/// </summary>
internal static class SurveyStoreOrder
{
    public static List<string> Organizations(List<string> ids)
    {
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    public static List<Cycle> Cycles(List<Cycle> cycles)
    {
        cycles.Sort(static (a, b) =>
        {
            var byOpening = a.OpensAt.CompareTo(b.OpensAt);
            return byOpening != 0 ? byOpening : string.CompareOrdinal(a.Id, b.Id);
        });
        return cycles;
    }

    public static List<Submission> Submissions(List<Submission> submissions)
    {
        submissions.Sort(static (a, b) => string.CompareOrdinal(a.RespondentId, b.RespondentId));
        return submissions;
    }
}
