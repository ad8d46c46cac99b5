namespace SurveyNetwork.Functions.Email;

/// <summary>One message to one person, ready to send: both bodies are complete (the HTML already escaped).</summary>
/// <param name="Unsubscribe">Link that stops reminders for this person, sent as List-Unsubscribe too; null when none applies.</param>
public sealed record EmailMessage(
    MessageKey Key,
    string To,
    string ToName,
    string Subject,
    string TextBody,
    string HtmlBody,
    string? Unsubscribe = null);
