using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.App;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Issues invitations for a cycle (every active person, or the listed ones) and returns each
/// person's survey link on <see cref="Settings.PublicBaseUrl"/> (never on the request's Host header,
/// which the sender chooses). The rules are <see cref="Invitations"/>'s.
/// </summary>
public sealed class IssueInvitations(Invitations invitations, IConfiguration configuration)
{
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

        var issued = await invitations.IssueAsync(orgId, cycleId, body!.PersonIds, ct);
        return issued.Succeeded ? ApiResult.Json(Links(origin, orgId, cycleId, issued.Value)) : Problems.For(issued.Refusal);
    }

    /// <summary>The configured public origin without a trailing slash, or null when it is missing or not an http(s) address.</summary>
    private string? PublicOrigin() =>
        Uri.TryCreate(configuration[Settings.PublicBaseUrl], UriKind.Absolute, out var publicBase) && publicBase.Scheme is "https" or "http"
            ? publicBase.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;

    /// <summary>Each token as a survey link on the public origin.</summary>
    private static Response Links(string origin, string orgId, string cycleId, Invitations.Issued issued)
    {
        var links = issued.Tokens
            .Select(t => new Invitation(t.Person.Id, t.Person.Name, t.Person.TeamId, $"{origin}/api/survey/page#token={t.Value}", t.Value))
            .ToArray();
        return new Response(orgId, cycleId, links.Length, issued.ExpiresAt, links);
    }
}
