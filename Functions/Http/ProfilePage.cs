using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Web;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// The respondent's personal network profile page (<c>/api/survey/profile/page#token=…</c>), linked from
/// the survey once the answers are sent. Like the survey page it carries no credential: the token stays
/// in the fragment and the page reads <c>GET /api/survey/profile</c> with it. Revalidated on every visit.
/// </summary>
public sealed class ProfilePage
{
    /// <summary>Where the page is served; the survey data names it as <c>profileUrl</c>.</summary>
    public const string Path = "/api/survey/profile/page";

    [Function(nameof(ProfilePage))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/profile/page")] HttpRequest request) =>
        WebAssets.Serve(request, WebAssets.ProfilePage, "no-cache");
}
