namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>Compiles and lints infra/main.bicep once for all infrastructure tests.</summary>
public sealed class CompiledInfrastructure
{
    public const string EntryPoint = "infra/main.bicep";

    private readonly Lazy<ArmTemplate> template;

    public CompiledInfrastructure()
    {
        Build = BicepCli.Run("build", EntryPoint, "--stdout");
        Lint = BicepCli.Run("lint", EntryPoint);
        template = new Lazy<ArmTemplate>(() => Build.ExitCode == 0
            ? ArmTemplate.Parse(Build.StandardOutput)
            : throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):\n{Build.Diagnostics}"));
    }

    public BicepRun Build { get; }

    public BicepRun Lint { get; }

    public ArmTemplate Template => template.Value;
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<CompiledInfrastructure>
{
    public const string Name = "Infrastructure";
}
