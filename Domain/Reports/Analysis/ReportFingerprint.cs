using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// SHA-256 over a canonical text of everything a report depends on: the format version, the cycle's
/// settings (title, times, questions, k, named reports), the roster (teams and people sorted by id),
/// this cycle's submissions in canonical order with their contacts in answer order, and the same for
/// the previous cycle. Every field is written as <c>length:value</c>, so no two inputs share a text.
/// </summary>
internal static class ReportFingerprint
{
    public static string Compute(ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var w = new Writer(hash);
        w.Field("SurveyNetwork.Report");
        w.Field(ReportHeader.CurrentFormatVersion);
        WriteCycle(w, inputs.Roster, inputs.Cycle, inputs.Submissions);
        if (inputs.Previous is { } previous)
        {
            w.Field("previous");
            WriteCycle(w, previous.Roster, previous.Cycle, previous.Submissions);
        }
        else
        {
            w.Field("no previous");
        }

        w.Flush();
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The canonical text of one submission (used to order exact ties deterministically).</summary>
    public static string CanonicalText(Submission s)
    {
        var sb = new StringBuilder();
        var w = new Writer(sb);
        WriteSubmission(w, s);
        return sb.ToString();
    }

    private static void WriteCycle(Writer w, Roster roster, Cycle cycle, IReadOnlyList<Submission> submissions)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(submissions);
        w.Field("cycle");
        w.Field(cycle.OrgId);
        w.Field(cycle.Id);
        w.Field(cycle.Title);
        w.Field(cycle.OpensAt);
        w.Field(cycle.ClosesAt);
        var o = cycle.Options ?? new CycleOptions();
        w.Field(o.MaxContacts);
        w.Field(o.AskBenefits);
        w.Field(o.AskPersonal);
        w.Field(o.AskGiveBack);
        w.Field(o.AskEnergy);
        w.Field(o.AllowOutsideContacts);
        w.Field(cycle.AnonymityThreshold);
        w.Field(cycle.NamedReports);
        w.Field(cycle.PreviousCycleId);
        w.Field(cycle.CreatedAt);
        w.Field(cycle.ClosedAt);

        w.Field("roster");
        w.Field(roster.OrgId);
        w.Field(roster.UpdatedAt);
        var teams = (roster.Teams ?? []).Where(t => t is not null).OrderBy(t => t.Id, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray();
        w.Field(teams.Length);
        foreach (var t in teams)
        {
            w.Field(t.Id);
            w.Field(t.Name);
            w.Field(t.ParentUnit);
        }

        var people = (roster.People ?? []).Where(p => p is not null).OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Active).ToArray();
        w.Field(people.Length);
        foreach (var p in people)
        {
            w.Field(p.Id);
            w.Field(p.Name);
            w.Field(p.TeamId);
            w.Field(p.Function);
            w.Field(p.Level);
            w.Field(p.Location);
            w.Field(p.ManagerId);
            w.Field(p.Active);
            w.Field(p.Performance);
        }

        var canonical = PreparedCycle.Canonical(cycle, submissions);
        w.Field("submissions");
        w.Field(canonical.Count);
        foreach (var s in canonical)
        {
            WriteSubmission(w, s);
        }
    }

    private static void WriteSubmission(Writer w, Submission s)
    {
        w.Field(s.RespondentId);
        w.Field(s.Version);
        w.Field(s.SubmittedAt);
        w.Field(s.Source);
        var contacts = s.Contacts ?? [];
        w.Field(contacts.Count);
        foreach (var c in contacts)
        {
            if (c is null)
            {
                w.Field("null");
                continue;
            }

            w.Field(c.PersonId);
            w.Field(c.OutsideKind is { } k ? (int)k : null);
            w.Field(c.OutsideLabel);
            w.Field((int)c.Frequency);
            var benefits = c.Benefits ?? [];
            w.Field(benefits.Count);
            foreach (var b in benefits)
            {
                w.Field((int)b);
            }

            w.Field(c.Personal);
            w.Field(c.GiveBack is { } g ? (int)g : null);
            w.Field(c.Energy);
        }
    }

    /// <summary>Writes length-prefixed fields to a hash (in 64 KiB chunks) or to a string.</summary>
    private sealed class Writer
    {
        private readonly IncrementalHash? _hash;
        private readonly StringBuilder _text;

        public Writer(IncrementalHash hash)
        {
            _hash = hash;
            _text = new StringBuilder();
        }

        public Writer(StringBuilder text) => _text = text;

        public void Field(string? value)
        {
            if (value is null)
            {
                _text.Append("~;");
            }
            else
            {
                _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
            }

            if (_hash is not null && _text.Length > 1 << 16)
            {
                Flush();
            }
        }

        public void Field(long value) => Field(value.ToString(CultureInfo.InvariantCulture));

        public void Field(int value) => Field(value.ToString(CultureInfo.InvariantCulture));

        public void Field(int? value) => Field(value?.ToString(CultureInfo.InvariantCulture));

        public void Field(bool value) => Field(value ? "1" : "0");

        public void Field(bool? value) => Field(value is null ? null : value.Value ? "1" : "0");

        public void Field(double? value) => Field(value?.ToString("R", CultureInfo.InvariantCulture));

        public void Field(DateTimeOffset value) => Field(value.UtcTicks);

        public void Field(DateTimeOffset? value) => Field(value?.UtcTicks.ToString(CultureInfo.InvariantCulture));

        public void Flush()
        {
            if (_hash is null)
            {
                return;
            }

            _hash.AppendData(Encoding.UTF8.GetBytes(_text.ToString()));
            _text.Clear();
        }
    }
}
