using System.Text.Json;

namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>
/// App Service authentication in the template: on with Entra ID exactly when an Entra client id is
/// given (azd's ENTRA_CLIENT_ID), off otherwise, and the app told which of the two it runs under.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EasyAuthTemplateTests(CompiledInfrastructure infra)
{
    private const string WhenClientIdGiven = "[not(empty(parameters('entraClientId')))]";

    private ArmResource AuthSettings => infra.Template.OfType("Microsoft.Web/sites/config")
        .Single(c => c.NameExpression.Contains("'authsettingsV2'", StringComparison.Ordinal));

    [Fact]
    public void Without_a_client_id_the_default_leaves_authentication_off_and_tells_the_app_so()
    {
        Assert.Equal("", infra.Template.Parameter("entraClientId").GetProperty("defaultValue").GetString());
        var parameters = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("infra", "main.parameters.json")));
        Assert.Equal("${ENTRA_CLIENT_ID=}", parameters.RootElement.GetProperty("parameters").GetProperty("entraClientId").GetProperty("value").GetString());

        // The resource exists only under the condition, which an empty id makes false.
        Assert.Equal(WhenClientIdGiven, AuthSettings.Json.GetProperty("condition").GetString());
        Assert.Equal("[parameters('entraClientId')]", infra.Template.Module("api").ModuleParameters["entraClientId"].GetString());

        // The same condition sets EASY_AUTH_ENABLED, so the app refuses the principal header when it is off.
        Assert.Equal("[not(empty(parameters('entraClientId')))]", infra.Template.Module("api-settings").ModuleParameters["easyAuthEnabled"].GetRawText().Trim('"'));
        var settings = infra.Template.OfType("Microsoft.Web/sites/config").Single(c => c.NameExpression.EndsWith("'appsettings')]", StringComparison.Ordinal));
        Assert.Equal("[string(parameters('easyAuthEnabled'))]", settings.Properties.GetProperty(Settings.EasyAuthEnabled).GetString());
        Assert.Equal("[string(not(empty(parameters('entraClientId'))))]", infra.Template.Root.GetProperty("outputs").GetProperty(Settings.EasyAuthEnabled).GetProperty("value").GetString());
    }

    [Fact]
    public void With_a_client_id_Entra_ID_signs_users_in_for_the_tenant_and_lets_anonymous_requests_through_to_the_code_check()
    {
        var auth = AuthSettings;

        Assert.True(auth.At("platform.enabled").GetBoolean());
        // Respondents never sign in and automation uses the admin key: the admin role is checked in code.
        Assert.False(auth.At("globalValidation.requireAuthentication").GetBoolean());
        Assert.Equal("AllowAnonymous", auth.At("globalValidation.unauthenticatedClientAction").GetString());
        Assert.True(auth.At("httpSettings.requireHttps").GetBoolean());

        var entra = auth.At("identityProviders.azureActiveDirectory");
        Assert.True(entra.GetProperty("enabled").GetBoolean());
        Assert.Equal("[parameters('entraClientId')]", entra.GetProperty("registration").GetProperty("clientId").GetString());
        var issuer = entra.GetProperty("registration").GetProperty("openIdIssuer").GetString()!;
        Assert.Contains("environment().authentication.loginEndpoint", issuer);
        Assert.Contains("tenant().tenantId", issuer);
        Assert.Contains("/v2.0", issuer);
        Assert.Contains("[parameters('entraClientId')]", entra.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray().Select(a => a.GetString()));
        Assert.False(entra.GetProperty("registration").TryGetProperty("clientSecretSettingName", out _));
    }
}
