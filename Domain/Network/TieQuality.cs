using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Network;

/// <summary>
/// What a respondent's relationships are like, over all their contacts (roster and outside):
/// personal share (contacts marked personal as well as professional / T, the article's first
/// tactic); mean tie strength (frequency 1 = less than monthly … 4 = daily); mean reported
/// give-back (0 = never … 3 = often, the third tactic: reciprocity); mean energy (1–5, when asked)
/// and, among the contacts given an energy rating, the share of energizing (4–5) and of
/// de-energizing (1–2) ties (Cross, Baker &amp; Parker 2003);
/// and the benefit mix — for each benefit of Cross &amp; Sproull (2004), the share of contacts the
/// respondent gets it from (multi-select, so the shares need not sum to 1).
/// A measure whose question the cycle did not ask is null; so is every measure of a person who did
/// not respond or named nobody. Means skip answers outside their scale.
/// References: Cross, R. &amp; Sproull, L. (2004) More than an answer. Organization Science 15(4);
/// Cross, Davenport &amp; Cantrell (2003) The social side of performance;
/// Cross, R., Baker, W. &amp; Parker, A. (2003) What creates energy in organizations? MIT Sloan
/// Management Review 44(4).
/// </summary>
public static class TieQuality
{
    private static readonly Benefit[] AllBenefits = Enum.GetValues<Benefit>();

    /// <summary>Whether a stored answer's number is on its question's scale; "not answered" is stored outside it.</summary>
    private static bool InScale<T>(byte score, ChoiceSet<T> scale)
        where T : struct, Enum => score >= scale.MinScore && score <= scale.MaxScore;

    /// <summary>Per node, or null when the network carries no survey contacts.</summary>
    public static TieQualities?[]? Compute(OrgNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var contacts = network.Contacts;
        if (contacts is null)
        {
            return null;
        }

        var q = contacts.Questions;
        var result = new TieQualities?[contacts.NodeCount];
        var benefitCounts = new int[AllBenefits.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var from = contacts.Offsets[i];
            var to = contacts.Offsets[i + 1];
            if (!contacts.HasResponded(i) || to == from)
            {
                continue;
            }

            int personal = 0, strengthCount = 0, strengthSum = 0, giveCount = 0, giveSum = 0, energyCount = 0, energySum = 0, energizing = 0, deEnergizing = 0;
            Array.Clear(benefitCounts);
            for (var c = from; c < to; c++)
            {
                if (contacts.Personal[c]) personal++;
                if (InScale(contacts.Frequency[c], Survey.Vocabulary.Frequency)) { strengthCount++; strengthSum += contacts.Frequency[c]; }
                if (InScale(contacts.GiveBack[c], Survey.Vocabulary.GiveBack)) { giveCount++; giveSum += contacts.GiveBack[c]; }
                if (contacts.Energy[c] is >= Survey.Vocabulary.EnergyMin and <= Survey.Vocabulary.EnergyMax) { energyCount++; energySum += contacts.Energy[c]; }
                if (contacts.Energy[c] is >= Survey.Vocabulary.EnergizingFrom and <= Survey.Vocabulary.EnergyMax) energizing++;
                if (contacts.Energy[c] is >= Survey.Vocabulary.EnergyMin and <= Survey.Vocabulary.DeEnergizingTo) deEnergizing++;
                for (var b = 0; b < AllBenefits.Length; b++)
                {
                    if ((contacts.Benefits[c] & SurveyContacts.BenefitBit(AllBenefits[b])) != 0)
                    {
                        benefitCounts[b]++;
                    }
                }
            }

            double t = to - from;
            var mix = q.AskBenefits ? new BenefitMix(benefitCounts, to - from) : null;

            result[i] = new TieQualities(
                to - from,
                q.AskPersonal ? personal / t : null,
                strengthCount > 0 ? (double)strengthSum / strengthCount : null,
                q.AskGiveBack && giveCount > 0 ? (double)giveSum / giveCount : null,
                q.AskEnergy && energyCount > 0 ? (double)energySum / energyCount : null,
                mix)
            {
                EnergizingShare = q.AskEnergy && energyCount > 0 ? (double)energizing / energyCount : null,
                DeEnergizingShare = q.AskEnergy && energyCount > 0 ? (double)deEnergizing / energyCount : null,
            };
        }

        return result;
    }
}

/// <summary>One person's relationship profile (see <see cref="TieQuality"/>).</summary>
/// <param name="Contacts">T: roster contacts plus outside contacts.</param>
/// <param name="PersonalShare">Share of contacts that are personal as well as professional.</param>
/// <param name="MeanStrength">Mean frequency, 1–4.</param>
/// <param name="MeanGiveBack">Mean reported give-back, 0–3.</param>
/// <param name="MeanEnergy">Mean energy rating, 1–5 (only when the cycle asks it).</param>
/// <param name="BenefitShares">Per benefit, the share of contacts giving it.</param>
public sealed record TieQualities(
    int Contacts,
    double? PersonalShare,
    double? MeanStrength,
    double? MeanGiveBack,
    double? MeanEnergy,
    IReadOnlyDictionary<Benefit, double>? BenefitShares)
{
    /// <summary>Among the contacts given an energy rating, the share rated energizing (4–5).</summary>
    public double? EnergizingShare { get; init; }

    /// <summary>Among the contacts given an energy rating, the share rated de-energizing (1–2).</summary>
    public double? DeEnergizingShare { get; init; }
}
