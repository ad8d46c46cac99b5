using YamlDotNet.RepresentationModel;

namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>azure.yaml: the azd project that provisions infra/ and deploys the Functions project as service <c>api</c>.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class AzureYamlTests(CompiledInfrastructure infra)
{
    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryRoot.Combine("azure.yaml"));
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static string Scalar(YamlMappingNode node, string key)
    {
        Assert.True(node.Children.ContainsKey(key), $"azure.yaml has no '{key}'.");
        return Assert.IsType<YamlScalarNode>(node[key]).Value!;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key)
    {
        Assert.True(node.Children.ContainsKey(key), $"azure.yaml has no '{key}'.");
        return Assert.IsType<YamlMappingNode>(node[key]);
    }

    [Fact]
    public void The_project_is_named_and_provisions_the_Bicep_template_in_infra()
    {
        var root = Load();
        Assert.Matches("^[a-z][a-z0-9-]*$", Scalar(root, "name"));

        var infraNode = Mapping(root, "infra");
        Assert.Equal("bicep", Scalar(infraNode, "provider"));
        Assert.Equal("infra", Scalar(infraNode, "path"));
        var module = infraNode.Children.ContainsKey("module") ? Scalar(infraNode, "module") : "main";
        Assert.True(File.Exists(RepositoryRoot.Combine("infra", module + ".bicep")));
        Assert.True(File.Exists(RepositoryRoot.Combine("infra", module + ".parameters.json")));
    }

    [Fact]
    public void The_only_service_is_the_Functions_project_hosted_as_a_function_app()
    {
        var services = Mapping(Load(), "services");
        var api = Mapping(services, "api");
        Assert.Equal(["api"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        Assert.Equal("./Functions", Scalar(api, "project"));
        Assert.Equal("dotnet", Scalar(api, "language"));
        Assert.Equal("function", Scalar(api, "host"));
        Assert.True(File.Exists(RepositoryRoot.Combine("Functions", "Functions.csproj")));
    }

    [Fact]
    public void The_function_app_carries_the_tag_azd_deploys_the_service_to()
    {
        var serviceName = ((YamlScalarNode)Mapping(Load(), "services").Children.Keys.Single()).Value;
        var site = infra.Template.OneOf("Microsoft.Web/sites");

        Assert.Matches($@"'azd-service-name',\s*'{serviceName}'", site.Json.GetProperty("tags").GetString()!);
        var groupTags = infra.Template.OneOf("Microsoft.Resources/resourceGroups").Json.GetProperty("tags");
        Assert.Equal("[variables('tags')]", groupTags.GetString());
        Assert.Equal("[parameters('environmentName')]", infra.Template.Variable("tags").GetProperty("azd-env-name").GetString());
    }

    [Fact]
    public void The_parameters_file_gives_every_required_parameter_except_the_secrets_azd_generates()
    {
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("infra", "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet();
        var parameters = infra.Template.Parameters.ToList();

        Assert.Empty(given.Except(parameters.Select(p => p.Name)));
        var required = parameters.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name);
        // Secrets azd generates once per environment (metadata azd.type = generate) are never in the file.
        var generated = parameters.Where(p => p.Value.TryGetProperty("metadata", out var m) && m.TryGetProperty("azd", out var azd)
            && azd.TryGetProperty("type", out var type) && type.GetString() == "generate").Select(p => p.Name).ToList();
        Assert.Equal(["adminKeyMaterial", "tokenSigningKeyMaterial"], generated.Order());
        Assert.Equal(generated.Order(), required.Except(given).Order());
        Assert.Empty(given.Intersect(generated));
    }
}
