using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Web;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// The admin console (<c>/api/admin</c>). The page itself holds nothing secret, so it is served
/// anonymously; it calls the admin API with the key the admin types, sent as a header. Its policy
/// also admits the reports' own styles, by hash, for the reports it opens (see <see cref="WebAssets.AdminContentSecurityPolicy"/>).
/// </summary>
public sealed class AdminPage
{
    [Function(nameof(AdminPage))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin")] HttpRequest request) =>
        WebAssets.Serve(request, WebAssets.AdminPage, "no-cache").WithHeader("Content-Security-Policy", WebAssets.AdminContentSecurityPolicy);
}
