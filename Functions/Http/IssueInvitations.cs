using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Issues invitations for a cycle (every active person, or the listed ones) and returns each
/// person's survey link on <see cref="Settings.PublicBaseUrl"/> (never on the request's Host header,
/// which the sender chooses). The rules are <see cref="Invitations"/>'s. With <c>"send": true</c> it
/// also queues one email per invited person who has an address; the <see cref="Timers.SendQueuedEmail"/>
/// timer sends them, so the request does not wait for thousands of messages. With
/// <c>"revokePrevious": true</c> the people's earlier links stop working (one person's link re-issued).
/// </summary>
public sealed class IssueInvitations(Invitations invitations, EmailDelivery email, IConfiguration configuration)
{
    public const int MaxContactLength = 200;

    /// <param name="Send">Also email each invited person who has an address.</param>
    /// <param name="Contact">Who respondents may ask, printed in the emails (default <see cref="Settings.EmailContact"/>).</param>
    /// <param name="RevokePrevious">Revoke every link issued to these people before: only the links in this response work.</param>
    public sealed record Request(IReadOnlyList<string>? PersonIds, bool Send = false, string? Contact = null, bool RevokePrevious = false);

    public sealed record Invitation(string PersonId, string Name, string TeamId, string Link, string Token);

    /// <summary>What was queued: new messages, ones queued or sent before (not sent again), and people without an address.</summary>
    public sealed record EmailQueued(int Queued, int AlreadyQueued, int WithoutAddress);

    public sealed record Response(string OrgId, string CycleId, int Count, DateTimeOffset ExpiresAt, IReadOnlyList<Invitation> Invitations)
    {
        /// <summary>Present when the request asked to send.</summary>
        public EmailQueued? Email { get; init; }
    }

    [AdminOnly]
    [Function(nameof(IssueInvitations))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orgs/{orgId}/cycles/{cycleId}/invitations")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        // Links come from configuration only: the request's Host header is the sender's to choose.
        if (PublicOrigin() is not { } origin)
        {
            return Problems.Conflict("Invitation links cannot be built: the public address is not configured.",
                $"Set {Settings.PublicBaseUrl} to the origin respondents open (e.g. https://surveys.example.org).");
        }

        // The body is optional: without one, everyone active is invited.
        var (body, problem) = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0
            ? await RequestReader.ReadJsonAsync<Request>(request, RequestReader.LargeBodyLimit, ct)
            : (new Request(null), null);
        if (problem is not null)
        {
            return problem;
        }

        var contact = Text.Normalize(body!.Contact);
        if (body.Send && !email.Enabled)
        {
            return Problems.Conflict("Invitations cannot be emailed: no email sender is configured.",
                $"Set {Settings.EmailSender} to \"smtp\" (or \"outbox\" locally) with its settings.");
        }

        if (!TextLength.Within(contact, MaxContactLength))
        {
            return Problems.Field("contact", TextLength.Message("Contact", MaxContactLength));
        }

        var issued = await invitations.IssueAsync(orgId, cycleId, body.PersonIds, body.RevokePrevious, ct);
        if (!issued.Succeeded)
        {
            return Problems.For(issued.Refusal);
        }

        var response = Links(origin, orgId, cycleId, issued.Value);
        if (body.Send)
        {
            var queued = await email.QueueInvitationsAsync(orgId, cycleId, issued.Value.Tokens.Select(t => t.Person), string.IsNullOrEmpty(contact) ? null : contact, ct);
            response = response with { Email = new EmailQueued(queued.Added, queued.AlreadyQueued, queued.WithoutAddress) };
        }

        return ApiResult.Json(response);
    }

    private string? PublicOrigin() => SurveyLinks.Origin(configuration);

    /// <summary>Each token as a survey link on the public origin.</summary>
    private static Response Links(string origin, string orgId, string cycleId, Invitations.Issued issued)
    {
        var links = issued.Tokens
            .Select(t => new Invitation(t.Person.Id, t.Person.Name, t.Person.TeamId, $"{origin}/api/survey/page#token={t.Value}", t.Value))
            .ToArray();
        return new Response(orgId, cycleId, links.Length, issued.ExpiresAt, links);
    }
}
