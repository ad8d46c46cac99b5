namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// One answer a question offers: <paramref name="Name"/> as it travels in JSON and CSV, the
/// <paramref name="Label"/> a respondent reads (with an optional <paramref name="Hint"/>), and its
/// <paramref name="Score"/> on the question's numeric scale.
/// </summary>
public sealed record Choice(string Name, string Label, int Score, string? Hint = null);
