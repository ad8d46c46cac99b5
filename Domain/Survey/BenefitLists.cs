namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// One shared, read-only list per sequence of benefits, so that a large cycle's answers hold a
/// reference per contact instead of a list each: a contact names at most five benefits, so there
/// are 3,905 such sequences of defined values (order and repeats kept exactly as answered).
/// </summary>
public static class BenefitLists
{
    private const int MaxShared = 5;
    private const int Base = (int)Benefit.Legitimation + 1;

    /// <summary>By the sequence's digits in base 6 (every defined value is 1–5, so no two sequences share a key).</summary>
    private static readonly IReadOnlyList<Benefit>?[] Shared = new IReadOnlyList<Benefit>?[Key(MaxShared, (int)Benefit.Legitimation) + 1];

    /// <summary>The shared list equal to <paramref name="benefits"/>; a copy of its own for a sequence that is not shared (over five, or an undefined value).</summary>
    public static IReadOnlyList<Benefit> Share(ReadOnlySpan<Benefit> benefits)
    {
        if (benefits.IsEmpty)
        {
            return [];
        }

        if (benefits.Length > MaxShared)
        {
            return Array.AsReadOnly(benefits.ToArray());
        }

        var key = 0;
        for (var i = benefits.Length - 1; i >= 0; i--)
        {
            if (benefits[i] is < Benefit.Solutions or > Benefit.Legitimation)
            {
                return Array.AsReadOnly(benefits.ToArray());
            }

            key = key * Base + (int)benefits[i];
        }

        var shared = Volatile.Read(ref Shared[key]);
        if (shared is null)
        {
            Interlocked.CompareExchange(ref Shared[key], Array.AsReadOnly(benefits.ToArray()), null);
            shared = Volatile.Read(ref Shared[key])!;
        }

        return shared;
    }

    /// <summary>The shared list equal to <paramref name="benefits"/> (null stays null; see <see cref="Share(ReadOnlySpan{Benefit})"/>).</summary>
    public static IReadOnlyList<Benefit>? Share(IReadOnlyList<Benefit>? benefits)
    {
        if (benefits is null || benefits.Count > MaxShared)
        {
            return benefits;
        }

        Span<Benefit> copy = stackalloc Benefit[benefits.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = benefits[i];
        }

        return Share(copy);
    }

    private static int Key(int length, int digit)
    {
        var key = 0;
        for (var i = 0; i < length; i++)
        {
            key = key * Base + digit;
        }

        return key;
    }
}
