using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace SurveyNetwork.Functions.Http;

/// <summary>Liveness probe.</summary>
public sealed class Health
{
    /// <summary>The probe's answer: status "ok" while the app serves requests.</summary>
    public sealed record Probe(string Status);

    [Function(nameof(Health))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        ApiResult.Json(new Probe("ok"));
}
