using FluentValidation;

namespace SurveyNetwork.Domain.Validation;

/// <summary>
/// Validates a whole roster: every row on its own (ids, names, levels) and the rows together
/// (ids unique ignoring case, known teams, managers that exist, no management cycles).
/// </summary>
public sealed class RosterValidator : AbstractValidator<RosterInput>
{
    /// <summary>A validator that accepts only HTTPS webhooks to public addresses.</summary>
    public RosterValidator()
        : this(WebhookTargets.Strict)
    {
    }

    /// <param name="webhooks">Where team webhooks may point (hosts allowed for local receivers).</param>
    public RosterValidator(WebhookTargets webhooks)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        RuleFor(r => r.People).NotEmpty().WithMessage("A roster needs at least one person.")
            .Must(p => p is null || p.Count <= RosterInput.MaxPeople)
            .WithMessage($"A roster holds at most {RosterInput.MaxPeople:N0} people.");
        RuleFor(r => r.Teams).NotEmpty().WithMessage("A roster needs at least one team.")
            .Must(t => t is null || t.Count <= RosterInput.MaxTeams)
            .WithMessage($"A roster holds at most {RosterInput.MaxTeams:N0} teams.");

        RuleForEach(r => r.Teams).NotNull().WithMessage("A team must be an object.");
        RuleForEach(r => r.People).NotNull().WithMessage("A person must be an object.");
        RuleForEach(r => r.Teams).ChildRules(team =>
        {
            team.RuleFor(t => t.Id).Must(Text.IsValidId).WithMessage("Team id " + Text.IdRule + ".");
            team.RuleFor(t => Text.Normalize(t.Name)).NotEmpty().WithMessage("Team name is required.")
                .Must(n => TextLength.Within(n, 200)).WithMessage(TextLength.Message("Team name", 200))
                .OverridePropertyName("Name");
            team.RuleFor(t => Text.Normalize(t.ParentUnit)).Must(u => TextLength.Within(u, 200))
                .WithMessage(TextLength.Message("Parent unit", 200)).OverridePropertyName("ParentUnit");
            team.RuleFor(t => t.ReportRecipients).Must(r => r is null || r.Count <= 50)
                .WithMessage("At most 50 report recipients.");
            team.RuleForEach(t => t.ReportRecipients).Must(EmailAddress.IsValid)
                .WithMessage("Report recipient: " + EmailAddress.Rule);
            team.RuleFor(t => t.WebhookUrl).Custom((url, context) =>
            {
                if (url is not null && webhooks.Check(url) is { } problem)
                    context.AddFailure(problem);
            });
        });

        RuleForEach(r => r.People).ChildRules(person =>
        {
            person.RuleFor(p => p.Id).Must(Text.IsValidId).WithMessage("Person id " + Text.IdRule + ".");
            person.RuleFor(p => Text.Normalize(p.Name)).NotEmpty().WithMessage("Name is required.")
                .Must(n => TextLength.Within(n, 200)).WithMessage(TextLength.Message("Name", 200))
                .OverridePropertyName("Name");
            person.RuleFor(p => p.TeamId).NotEmpty().WithMessage("Team id is required.");
            person.RuleFor(p => Text.Normalize(p.Function)).NotEmpty().WithMessage("Function is required.")
                .Must(f => TextLength.Within(f, 100)).WithMessage(TextLength.Message("Function", 100))
                .OverridePropertyName("Function");
            person.RuleFor(p => Text.Normalize(p.Location)).NotEmpty().WithMessage("Location is required.")
                .Must(l => TextLength.Within(l, 100)).WithMessage(TextLength.Message("Location", 100))
                .OverridePropertyName("Location");
            person.RuleFor(p => p.Level).NotNull().WithMessage("Level is required.")
                .InclusiveBetween(1, 30).WithMessage("Level must be a whole number from 1 to 30.");
            person.RuleFor(p => p.Performance).Must(v => v is null || double.IsFinite(v.Value))
                .WithMessage("Performance must be a finite number.");
            person.RuleFor(p => p.Email).Must(e => EmailAddress.Normalize(e) is null || EmailAddress.IsValid(e))
                .WithMessage(EmailAddress.Rule);
        });

        RuleFor(r => r).Custom((roster, context) => CheckRowsTogether(roster, context));
    }

    private static string DuplicateMessage(string what, string id, string first) =>
        id == first
            ? $"{what} id '{id}' appears more than once."
            : $"{what} id '{id}' appears more than once: ids are compared ignoring case, and '{first}' comes earlier.";

    private static void CheckRowsTogether(RosterInput roster, ValidationContext<RosterInput> context)
    {
        // Missing lists and null rows are reported by the rules above; checking rows together needs them all.
        if (roster.Teams is null || roster.People is null || roster.Teams.Contains(null!) || roster.People.Contains(null!))
        {
            return;
        }

        // Ids are unique ignoring case (as in a spreadsheet, "C01" and "c01" are one id); references
        // to them (teamId, managerId) must match exactly.
        var teamIds = new HashSet<string>(StringComparer.Ordinal);
        var teamIdsIgnoringCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < roster.Teams.Count; i++)
        {
            var id = roster.Teams[i].Id;
            if (id is not null && !teamIdsIgnoringCase.TryAdd(id, id))
            {
                context.AddFailure($"Teams[{i}].Id", DuplicateMessage("Team", id, teamIdsIgnoringCase[id]));
            }
            else if (id is not null)
            {
                teamIds.Add(id);
            }
        }

        var index = new Dictionary<string, int>(roster.People.Count, StringComparer.Ordinal);
        var idsIgnoringCase = new Dictionary<string, string>(roster.People.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < roster.People.Count; i++)
        {
            var p = roster.People[i];
            if (p.Id is null)
            {
                continue;
            }

            if (!idsIgnoringCase.TryAdd(p.Id, p.Id))
            {
                context.AddFailure($"People[{i}].Id", DuplicateMessage("Person", p.Id, idsIgnoringCase[p.Id]));
            }
            else
            {
                index.Add(p.Id, i);
            }

            if (!string.IsNullOrEmpty(p.TeamId) && !teamIds.Contains(p.TeamId))
            {
                context.AddFailure($"People[{i}].TeamId", $"Team '{p.TeamId}' is not in the roster's teams.");
            }
        }

        var managerOk = new bool[roster.People.Count];
        for (var i = 0; i < roster.People.Count; i++)
        {
            var m = roster.People[i].ManagerId;
            if (string.IsNullOrEmpty(m))
            {
                managerOk[i] = true;
            }
            else if (m == roster.People[i].Id)
            {
                context.AddFailure($"People[{i}].ManagerId", "A person cannot be their own manager.");
            }
            else if (!index.ContainsKey(m))
            {
                context.AddFailure($"People[{i}].ManagerId", $"Manager '{m}' is not on the roster.");
            }
            else
            {
                managerOk[i] = true;
            }
        }

        // Walk each manager chain once (state: 0 unvisited, 1 on the current path, 2 done).
        var state = new byte[roster.People.Count];
        var path = new List<int>();
        for (var start = 0; start < roster.People.Count; start++)
        {
            path.Clear();
            var i = start;
            while (i >= 0 && state[i] == 0 && managerOk[i])
            {
                state[i] = 1;
                path.Add(i);
                var m = roster.People[i].ManagerId;
                i = string.IsNullOrEmpty(m) ? -1 : index.GetValueOrDefault(m, -1);
            }

            if (i >= 0 && state[i] == 1)
            {
                context.AddFailure($"People[{i}].ManagerId",
                    $"Management cycle: '{roster.People[i].Id}' is (indirectly) their own manager.");
            }

            foreach (var j in path)
            {
                state[j] = 2;
            }
        }
    }
}
