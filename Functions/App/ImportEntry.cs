using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// One respondent's answer in an import, at <paramref name="Row"/> of the request.
/// <paramref name="ErrorKey"/> maps a key of the answer's validation ("contacts[2].frequency", or ""
/// for the entry itself) to where the request shows it, so errors point at the request's own rows.
/// </summary>
public sealed record ImportEntry(string? RespondentId, int Row, SurveyAnswer Answer, Func<string, string> ErrorKey);
