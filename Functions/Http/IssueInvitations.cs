using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Issues one signed invitation token per active person (or per listed person) and returns the
/// survey links. Tokens are not stored: each binds organization, cycle and person under the
/// current signing key and expires <see cref="TokenLifetimeAfterClose"/> after the cycle closes
/// (so respondents can still open their profile). Issuing again gives new links; old ones stay valid.
/// </summary>
public sealed class IssueInvitations(SurveyReads reads, InvitationTokens tokens, IConfiguration configuration, TimeProvider time)
{
    public static readonly TimeSpan TokenLifetimeAfterClose = TimeSpan.FromDays(90);

    public sealed record Request(IReadOnlyList<string>? PersonIds);

    public sealed record Invitation(string PersonId, string Name, string TeamId, string Link, string Token);

    public sealed record Response(string OrgId, string CycleId, int Count, DateTimeOffset ExpiresAt, IReadOnlyList<Invitation> Invitations);

    [Function(nameof(IssueInvitations))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orgs/{orgId}/cycles/{cycleId}/invitations")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        Request body = new(null);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (value, problem) = await RequestReader.ReadJsonAsync<Request>(request, RequestReader.LargeBodyLimit, ct);
            if (problem is not null)
            {
                return problem;
            }

            body = value!;
        }

        var cycle = await reads.Store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return Problems.NotFound($"Cycle '{cycleId}' of organization '{orgId}'");
        }

        var now = time.GetUtcNow();
        if (cycle.EffectiveClose <= now)
        {
            return Problems.Conflict("The cycle is closed.", "Invitations can only be issued while a cycle is scheduled or open.");
        }

        var roster = await reads.RosterAsync(orgId, ct);
        if (roster is null)
        {
            return Problems.Conflict("The organization has no roster.");
        }

        var people = roster.ActivePeople.ToList();
        if (body.PersonIds is { } ids)
        {
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < ids.Count; i++)
            {
                if (ids[i] is null || !roster.PeopleById.TryGetValue(ids[i], out var p) || !p.Active)
                {
                    errors[$"personIds[{i}]"] = [$"'{ids[i]}' is not an active person on the roster."];
                }
            }

            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }

            var wanted = ids.ToHashSet(StringComparer.Ordinal);
            people = people.Where(p => wanted.Contains(p.Id)).ToList();
        }

        var expires = cycle.ClosesAt + TokenLifetimeAfterClose;
        // Links come from configuration only: the request's Host header is the sender's to choose.
        if (!Uri.TryCreate(configuration[Settings.PublicBaseUrl], UriKind.Absolute, out var publicBase) || publicBase.Scheme is not ("https" or "http"))
        {
            return Problems.Conflict("Invitation links cannot be built: the public address is not configured.",
                $"Set {Settings.PublicBaseUrl} to the origin respondents open (e.g. https://surveys.example.org).");
        }

        var origin = publicBase.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var invitations = people.Select(p =>
        {
            var token = tokens.Issue(orgId, cycleId, p.Id, expires);
            return new Invitation(p.Id, p.Name, p.TeamId, $"{origin}/api/survey/page#token={token}", token);
        }).ToArray();

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await reads.Store.ReplaceCycleAsync(cycle with { InvitationsIssuedAt = now, InvitationsIssued = invitations.Length }, ct);
                break;
            }
            catch (StoreConcurrencyException) when (attempt < 5)
            {
                cycle = await reads.Store.GetCycleAsync(orgId, cycleId, ct) ?? cycle;
            }
        }

        return ApiResult.Json(new Response(orgId, cycleId, invitations.Length, expires, invitations));
    }
}
