using System.Security.Cryptography;
using System.Text;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// Stable pseudonyms: within each team, members are ordered by SHA-256(org | cycle | person id) and
/// lettered A, B, …, Z, AA, AB, … — the same person gets the same letter in every report of a cycle,
/// while neither roster order nor ids show through, and letters do not carry over between cycles.
/// Named reports use names (labels) and roster ids (keys) instead.
/// </summary>
internal static class Pseudonyms
{
    public static (string[] Keys, string[] Labels, string[] WideLabels) Assign(PreparedCycle data, bool named)
    {
        var n = data.People.Length;
        var keys = new string[n];
        var labels = new string[n];
        var wide = new string[n];
        if (named)
        {
            for (var i = 0; i < n; i++)
            {
                keys[i] = data.People[i].Id;
                labels[i] = string.IsNullOrWhiteSpace(data.People[i].Name) ? data.People[i].Id : data.People[i].Name;
                wide[i] = labels[i];
            }

            return (keys, labels, wide);
        }

        var salt = data.Cycle.OrgId + "|" + data.Cycle.Id + "|";
        for (var t = 0; t < data.Members.Length; t++)
        {
            var ordered = data.Members[t]
                .Select(i => (Node: i, Hash: Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(salt + data.People[i].Id)))))
                .OrderBy(x => x.Hash, StringComparer.Ordinal)
                .ThenBy(x => data.People[x.Node].Id, StringComparer.Ordinal)
                .ToArray();
            var team = data.Teams[t];
            for (var k = 0; k < ordered.Length; k++)
            {
                var i = ordered[k].Node;
                var letters = Letters(k);
                keys[i] = team.Id + "-" + letters;
                labels[i] = "Member " + letters;
                wide[i] = "Member " + letters + " (" + team.Name + ")";
            }
        }

        return (keys, labels, wide);
    }

    /// <summary>0 → A, 25 → Z, 26 → AA (bijective base 26).</summary>
    public static string Letters(int index)
    {
        var sb = new StringBuilder();
        var k = index + 1;
        while (k > 0)
        {
            k--;
            sb.Insert(0, (char)('A' + k % 26));
            k /= 26;
        }

        return sb.ToString();
    }
}
