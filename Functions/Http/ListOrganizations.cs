using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>The organizations this deployment holds (each one that has a roster).</summary>
public sealed class ListOrganizations(Administration administration)
{
    public sealed record Response(IReadOnlyList<string> Organizations);

    [AdminOnly]
    [Function(nameof(ListOrganizations))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs")] HttpRequest request,
        CancellationToken ct) =>
        ETags.Conditional(request, ApiResult.Json(new Response(await administration.OrganizationsAsync(ct))));
}
