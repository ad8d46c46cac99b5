using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Csv;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// The current roster: JSON one page at a time (<c>?limit=&amp;cursor=</c>, optional search <c>?q=</c>),
/// or the whole roster as CSV (<c>Accept: text/csv</c> or <c>?format=csv</c>) in the columns PUT accepts.
/// </summary>
public sealed class GetRoster(Administration administration)
{
    /// <param name="People">Active and inactive people matching the search.</param>
    /// <param name="NextCursor">Pass as <c>cursor</c> for the next page; absent on the last page.</param>
    public sealed record Response(
        string OrgId, DateTimeOffset UpdatedAt, int TotalPeople, int Matching, IReadOnlyList<Team> Teams, IReadOnlyList<Person> People, string? NextCursor);

    [AdminOnly]
    [Function(nameof(GetRoster))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/roster")] HttpRequest request,
        string orgId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId)) is { } bad)
        {
            return bad;
        }

        var format = request.Query["format"].FirstOrDefault();
        if (format is not null and not ("json" or "csv"))
        {
            return Problems.Field("format", "format must be json or csv.");
        }

        if (format == "csv" || (format is null && request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase))))
        {
            var whole = await administration.RosterAsync(orgId, ct);
            return whole.Succeeded
                ? ETags.Conditional(request, ApiResult.Text(RosterCsv.Write(whole.Value), "text/csv; charset=utf-8")
                    .WithHeader("Content-Disposition", $"attachment; filename=\"{orgId}-roster.csv\""))
                : Problems.For(whole.Refusal);
        }

        var limit = Administration.DefaultPageSize;
        if (request.Query["limit"].FirstOrDefault() is { } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > Administration.MaxPageSize))
        {
            return Problems.Field("limit", $"limit must be a whole number from 1 to {Administration.MaxPageSize}.");
        }

        string? after = null;
        if (request.Query["cursor"].FirstOrDefault() is { } cursor && (after = Decode(cursor)) is null)
        {
            return Problems.Field("cursor", "cursor is not one this API returned.");
        }

        var page = await administration.RosterPageAsync(orgId, request.Query["q"].FirstOrDefault(), after, limit, ct);
        if (!page.Succeeded)
        {
            return Problems.For(page.Refusal);
        }

        var p = page.Value;
        return ETags.Conditional(request, ApiResult.Json(new Response(
            orgId, p.Roster.UpdatedAt, p.Roster.People.Count, p.Matching, p.Roster.Teams, p.People, p.NextAfter is null ? null : Encode(p.NextAfter))));
    }

    private static string Encode(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    private static string? Decode(string cursor)
    {
        try
        {
            var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return Domain.Validation.Text.IsValidId(id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
