using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Web;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// The web survey a respondent opens from the invitation link (<c>/api/survey/page#token=…</c>).
/// The token stays in the URL fragment, so this request carries no credential; the page then calls
/// the respondent API with it. Revalidated on every visit (no-cache + ETag) so a new release is
/// picked up at once.
/// </summary>
public sealed class SurveyPage
{
    [Function(nameof(SurveyPage))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/page")] HttpRequest request) =>
        WebAssets.Serve(request, WebAssets.SurveyPage, "no-cache");
}
