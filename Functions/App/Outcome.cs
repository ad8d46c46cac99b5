using System.Diagnostics.CodeAnalysis;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// A service's answer: its value, or the <see cref="App.Refusal"/> that stopped it. A struct, so
/// returning a value costs no allocation beyond the value itself.
/// </summary>
public readonly struct Outcome<T>
    where T : class
{
    private Outcome(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(null, refusal);
}
