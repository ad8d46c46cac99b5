using System.Text.Json;

namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>
/// A compiled ARM template and the templates of its modules (nested deployments), flattened so a test
/// can ask for every resource of a type wherever Bicep placed it.
/// </summary>
public sealed class ArmTemplate
{
    private ArmTemplate(JsonElement root, string name, IReadOnlyDictionary<string, JsonElement> moduleParameters)
    {
        Root = root;
        Name = name;
        ModuleParameters = moduleParameters;
        var resources = new List<ArmResource>();
        var modules = new List<ArmTemplate>();
        foreach (var resource in Enumerate(root.GetProperty("resources")))
        {
            var type = resource.GetProperty("type").GetString()!;
            resources.Add(new ArmResource(type, resource, this));
            if (type == "Microsoft.Resources/deployments")
            {
                var properties = resource.GetProperty("properties");
                var parameters = properties.TryGetProperty("parameters", out var p)
                    ? p.EnumerateObject().ToDictionary(x => x.Name, x => ParameterValue(x.Value))
                    : [];
                modules.Add(new ArmTemplate(properties.GetProperty("template"), resource.GetProperty("name").GetString()!, parameters));
            }
        }

        Resources = resources;
        Modules = modules;
    }

    public JsonElement Root { get; }

    /// <summary>"main" for the entry template, otherwise the module's deployment name.</summary>
    public string Name { get; }

    /// <summary>Values the parent passes to this module's parameters (empty for the entry template).</summary>
    public IReadOnlyDictionary<string, JsonElement> ModuleParameters { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmTemplate> Modules { get; }

    public IEnumerable<ArmTemplate> SelfAndModules => Modules.SelectMany(m => m.SelfAndModules).Prepend(this);

    public IEnumerable<ArmResource> AllResources => SelfAndModules.SelectMany(t => t.Resources);

    public IEnumerable<JsonProperty> Outputs =>
        Root.TryGetProperty("outputs", out var outputs) ? outputs.EnumerateObject() : [];

    public IEnumerable<JsonProperty> Parameters =>
        Root.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateObject() : [];

    public JsonElement Parameter(string name) => Root.GetProperty("parameters").GetProperty(name);

    public JsonElement Variable(string name) => Root.GetProperty("variables").GetProperty(name);

    public ArmTemplate Module(string name) => Modules.Single(m => m.Name == name);

    public IReadOnlyList<ArmResource> OfType(string type) => AllResources.Where(r => r.Type == type).ToList();

    public ArmResource OneOf(string type)
    {
        var found = OfType(type);
        Assert.True(found.Count == 1, $"Expected one {type}, found {found.Count}.");
        return found[0];
    }

    public static ArmTemplate Parse(string json) =>
        new(JsonDocument.Parse(json).RootElement.Clone(), "main", new Dictionary<string, JsonElement>());

    // A module parameter is { "value": ... }, or one expression that yields that object (for a conditional value).
    private static JsonElement ParameterValue(JsonElement parameter) =>
        parameter.ValueKind == JsonValueKind.Object ? parameter.GetProperty("value") : parameter;

    // Bicep writes resources as an array, or as an object keyed by symbolic name (language version 2.0).
    private static IEnumerable<JsonElement> Enumerate(JsonElement resources) =>
        resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();
}

public sealed record ArmResource(string Type, JsonElement Json, ArmTemplate Template)
{
    public JsonElement Properties => Json.GetProperty("properties");

    public string NameExpression => Json.GetProperty("name").GetString()!;

    /// <summary>A property path such as "functionAppConfig.runtime.name" under <c>properties</c>.</summary>
    public JsonElement At(string path) =>
        path.Split('.').Aggregate(Properties, (element, name) => element.GetProperty(name));

    public override string ToString() => $"{Type} {NameExpression} in {Template.Name}";
}
