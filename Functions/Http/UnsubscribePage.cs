using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Where the "no more reminders" link of a message leads: a page that asks to confirm, changing
/// nothing (link scanners and previews open links too); its button POSTs to <see cref="Unsubscribe"/>.
/// A link that is not a valid unsubscribe link gets 401 problem+json.
/// </summary>
public sealed class UnsubscribePage(ReminderOptOut optOut, ISurveyStore store)
{
    /// <summary>The pages carry no script, style or image, and may only post their form back here.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [Function(nameof(UnsubscribePage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "email/unsubscribe")] HttpRequest request,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.Query["token"].ToString();
        if (optOut.Open(token, out var reason) is not { } claims)
        {
            return Problems.Unauthorized(reason);
        }

        var cycle = await store.GetCycleAsync(claims.OrgId, claims.CycleId, ct);
        var title = cycle?.Title ?? "this survey";
        return Page($"No more reminders for \"{title}\"?",
            $"<form method=\"post\" action=\"{ReminderOptOut.Path}?token={WebUtility.HtmlEncode(Uri.EscapeDataString(token))}\">"
            + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
            + "<button type=\"submit\">Stop the reminders</button></form>"
            + "<p>You can still answer the survey through your invitation link.</p>");
    }

    /// <summary>A minimal HTML page with the given heading and (already escaped) body.</summary>
    public static ApiResult Page(string heading, string bodyHtml) =>
        ApiResult.Text(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<title>{WebUtility.HtmlEncode(heading)}</title></head><body><main><h1>{WebUtility.HtmlEncode(heading)}</h1>{bodyHtml}</main></body></html>",
            "text/html; charset=utf-8")
            .WithHeader("Content-Security-Policy", ContentSecurityPolicy)
            .WithHeader("Cache-Control", "no-store")
            .WithHeader("Referrer-Policy", "no-referrer");
}
