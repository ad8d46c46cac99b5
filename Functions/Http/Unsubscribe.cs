using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Email;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Records that the link's holder wants no more reminders for the link's cycle: the confirmation
/// form of <see cref="UnsubscribePage"/>, and the one-click POST a mail client sends for the
/// message's List-Unsubscribe-Post header (RFC 8058; the body is not needed). Asking again changes
/// nothing. A link that is not a valid unsubscribe link gets 401 problem+json.
/// </summary>
public sealed class Unsubscribe(ReminderOptOut optOut)
{
    [Function(nameof(Unsubscribe))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "email/unsubscribe")] HttpRequest request,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (optOut.Open(request.Query["token"].ToString(), out var reason) is not { } claims)
        {
            return Problems.Unauthorized(reason);
        }

        await optOut.RecordAsync(claims, ct);
        return UnsubscribePage.Page("You will receive no more reminders", "<p>No more reminders will be sent to you for this survey.</p>");
    }
}
