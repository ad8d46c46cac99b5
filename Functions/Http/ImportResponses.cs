using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Admin import of answers collected elsewhere (JSON, or CSV with one row per contact), all or
/// nothing, while the cycle is open; the rules are <see cref="SurveyIntake.ImportAsync"/>'s.
/// </summary>
public sealed class ImportResponses(SurveyIntake intake)
{
    public sealed record ImportedResponse(string? RespondentId, IReadOnlyList<ContactAnswer>? Contacts);

    public sealed record Request([property: System.ComponentModel.DataAnnotations.MaxLength(SurveyIntake.MaxImportRespondents)] IReadOnlyList<ImportedResponse>? Responses);

    public sealed record RowResult(int Row, string RespondentId, string Status, int Contacts);

    public sealed record Response(string OrgId, string CycleId, int Imported, IReadOnlyList<RowResult> Results);

    [AdminOnly]
    [Function(nameof(ImportResponses))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orgs/{orgId}/cycles/{cycleId}/responses")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var (entries, problem) = await ImportBody.ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var imported = await intake.ImportAsync(orgId, cycleId, entries!, ct);
        return imported.Succeeded
            ? ApiResult.Json(new Response(orgId, cycleId, imported.Value.Length, imported.Value.Select(r => new RowResult(r.Row, r.RespondentId, "stored", r.Contacts)).ToArray()))
            : Problems.For(imported.Refusal);
    }
}
