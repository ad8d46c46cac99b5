using MimeKit;

namespace SurveyNetwork.Functions.Email;

/// <summary>The one MIME shape of every message (multipart/alternative: text then HTML), shared by all senders.</summary>
public static class MimeMessages
{
    /// <summary>Domain of generated Message-IDs; a message's id depends only on its key.</summary>
    public const string MessageIdDomain = "surveynetwork.invalid";

    public static MimeMessage Build(EmailMessage message, MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = new MimeMessage { Subject = message.Subject, MessageId = $"{message.Key.Digest}@{MessageIdDomain}" };
        mime.From.Add(from);
        mime.To.Add(new MailboxAddress(message.ToName, message.To));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        if (message.Unsubscribe is { } unsubscribe)
        {
            // One-click unsubscribe (RFC 8058): the mail client POSTs "List-Unsubscribe=One-Click" to the link.
            mime.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }
}
