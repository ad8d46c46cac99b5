using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Web;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// The survey, profile and admin pages' CSS and JavaScript. A request naming the current content hash (<c>?v=</c>, as
/// the page does) is cached for a year; any other for five minutes.
/// </summary>
public sealed class SurveyAsset
{
    [Function(nameof(SurveyAsset))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/assets/{name}")] HttpRequest request,
        string name)
    {
        if (name is null || name.EndsWith(".html", StringComparison.Ordinal) || !WebAssets.Assets.TryGetValue(name, out var asset))
        {
            return WebAssets.Secure(Problems.NotFound("This asset"));
        }

        var immutable = request.Query["v"].FirstOrDefault() == asset.Version;
        return WebAssets.Serve(request, asset, immutable ? "public, max-age=31536000, immutable" : "public, max-age=300");
    }
}
