namespace SurveyNetwork.Functions.Email;

/// <summary>
/// Hands a message to its transport. Sending the same <see cref="MessageKey"/> again may deliver it
/// again: callers that must not repeat it go through <see cref="IMessageLedger"/> first.
/// </summary>
public interface IEmailSender
{
    /// <summary>"outbox" or "smtp", for logs and the start-up banner.</summary>
    string Describe();

    Task SendAsync(EmailMessage message, CancellationToken ct);
}
