using System.Globalization;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Roster;

/// <summary>
/// Plans a roster against the school: each row is matched to a user (by the source's rules) and
/// applied to the entities tracked by the given context, without saving; users the source lists but no
/// row names are deactivated when the source says so. The import's preview throws the context away,
/// « Appliquer » and the directory synchronisation save it (RosterApplier).
/// </summary>
internal sealed class RosterPlanner(MediathequeDbContext db, RosterSource source, DateTime now)
{
    private readonly RosterPlan plan = new();
    private RosterIndex index = null!;
    private RosterGroups groups = null!;

    /// <summary>Plans the rows; rows named in <paramref name="issues"/> are not applied, and a whole-source issue (line 0) stops everything.</summary>
    public async Task<RosterPlan> PlanAsync(IReadOnlyList<RosterRow> rows, IReadOnlyList<RosterIssue> issues, CancellationToken cancellationToken)
    {
        plan.Issues.AddRange(issues);
        if (issues.Any(i => i.Line == 0))
        {
            return plan;
        }

        index = await RosterIndex.LoadAsync(db, rows, cancellationToken);
        groups = await RosterGroups.LoadAsync(db, source, plan, cancellationToken);
        var linesInError = issues.Select(i => i.Line).ToHashSet();
        foreach (var row in rows)
        {
            PlanRow(row, readable: !linesInError.Contains(row.Line));
        }

        if (source.DeactivatesAbsent)
        {
            PlanDeactivations();
        }

        var sorted = plan.Issues.OrderBy(i => i.Line).ToList();
        plan.Issues.Clear();
        plan.Issues.AddRange(sorted);
        return plan;
    }

    /// <summary>
    /// Plans the row, or lists every reason it cannot be applied. A row the reader already refused (an impossible
    /// date…) is checked all the same, so that the administrator mends all of its errors in one go; it is never
    /// planned, but the user it names is not « absent » either.
    /// </summary>
    private void PlanRow(RosterRow row, bool readable)
    {
        var errors = new List<RosterIssue>();
        var target = source.Match(row, index, errors);
        if (target is not null)
        {
            if (index.Seen.TryGetValue(target, out var earlier))
            {
                errors.Add(source.Issue(row, null, source.SameUser(target, earlier)));
            }

            index.Seen.TryAdd(target, row);
            if (readable && errors.Count == 0 && source.ManagedElsewhere(target, absent: false) is { } note)
            {
                plan.ManagedElsewhere.Add(Planned(row, target, [note]));
                return;
            }

            if (errors.Count == 0 && source.Refusal(target) is { } refusal)
            {
                errors.Add(source.Issue(row, null, refusal));
            }
        }

        CheckFields(row, errors);
        CheckUnique(row, target, RosterField.NationalId, row.NationalId, target?.NationalId, index.ByNationalId, "L'Id National", errors);
        CheckUnique(row, target, RosterField.EstablishmentId, row.EstablishmentId, target?.EstablishmentId, index.ByEstablishmentId, "L'Id Établissement", errors);
        CheckUnique(row, target, RosterField.Login, row.Login, target?.Login, index.ByLogin, "L'identifiant", errors);
        if (row.Login is { } login && !index.ByLogin.ContainsKey(login) && index.IsAccountLogin(login)
            && !string.Equals(login, target?.Login, StringComparison.OrdinalIgnoreCase))
        {
            // Logins are unique in the whole deployment: this one is a person's of another school, whom this school cannot see.
            errors.Add(source.Issue(row, RosterField.Login, $"L'identifiant « {login} » est déjà utilisé dans une autre école de la Médiathèque."));
        }

        var password = source.Passwords?.FromRow(source, row, target, errors);
        var wantedGroups = groups.Resolve(row, errors, create: readable && errors.Count == 0);
        if (errors.Count > 0 || !readable)
        {
            plan.Issues.AddRange(errors);
            return;
        }

        if (target is null)
        {
            Create(row, password, wantedGroups);
        }
        else
        {
            Update(row, target, password, wantedGroups);
        }
    }

    /// <summary>
    /// The same rules for each field as the detail form (UserFieldRules), whatever the source: a login, a name or an
    /// e-mail the form would refuse never enters through a file or the directory. A login may be absent (generated).
    /// </summary>
    private void CheckFields(RosterRow row, List<RosterIssue> errors)
    {
        foreach (var (field, userField, value) in new[]
        {
            (RosterField.Nom, UserField.Nom, row.Nom), (RosterField.Prenom, UserField.Prenom, row.Prenom),
            (RosterField.Login, UserField.Login, row.Login), (RosterField.NationalId, UserField.NationalId, row.NationalId),
            (RosterField.EstablishmentId, UserField.EstablishmentId, row.EstablishmentId), (RosterField.Email, UserField.Email, row.Email),
            (RosterField.LegalRepresentative1Email, UserField.Email, row.LegalRepresentative1Email),
            (RosterField.LegalRepresentative2Email, UserField.Email, row.LegalRepresentative2Email),
        })
        {
            var isName = field is RosterField.Nom or RosterField.Prenom;
            if (isName && !source.SetsNames)
            {
                continue;
            }

            if ((value is not null || isName) && UserFieldRules.Check(userField, value) is { } reason)
            {
                errors.Add(source.Issue(row, field, string.IsNullOrEmpty(value) || value.Length > 60 ? reason : $"« {value} » : {reason}"));
            }
        }
    }

    private void CheckUnique(
        RosterRow row, User? target, RosterField field, string? value, string? current, Dictionary<string, User> byValue, string what,
        List<RosterIssue> errors)
    {
        if (value is null || string.Equals(value, current, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (byValue.TryGetValue(value, out var other) && other != target && errors.All(e => e.Column != source.FieldName(field)))
        {
            errors.Add(source.Issue(row, field, $"{what} « {value} » est déjà utilisé par un autre utilisateur : {other.FullName} ({other.Login})."));
        }
    }

    private void Create(RosterRow row, string? passwordFromRow, Dictionary<GroupType, List<Group>> wantedGroups)
    {
        // A new person of the school the planner's context works in, with a login of their own.
        var login = row.Login ?? index.NewLogin(row.Nom, row.Prenom);
        var user = new User
        {
            SchoolId = db.SchoolScope,
            Account = new Account { Login = login, CreatedAt = now },
            Nom = row.Nom,
            Prenom = row.Prenom,
            Profil = row.Profil,
            Login = login,
            NationalId = row.NationalId,
            EstablishmentId = row.EstablishmentId,
            Email = row.Email,
            BirthDate = row.BirthDate,
            AnnuaireId = row.AnnuaireId,
            Source = source.CreatesAs,
            CreatedAt = now,
            UpdatedAt = now,
        };
        RosterGroups.Join(user, wantedGroups);
        SetLegalRepresentatives(row, user, null);
        plan.NewUsers.Add(user);
        index.Register(user, row);
        var changes = new List<string>();
        if (source.Passwords is { } passwords)
        {
            changes.Add(passwords.ForNew(plan, user, row, passwordFromRow));
        }

        plan.Creates.Add(Planned(row, user, changes));
    }

    private void Update(RosterRow row, User user, string? passwordFromRow, Dictionary<GroupType, List<Group>> wantedGroups)
    {
        var changes = new List<string>();
        void Set(RosterField field, string? current, string? wanted, bool ignoreCase, Action apply)
        {
            if ((wanted is null && !source.Clears(field))
                || string.Equals(current, wanted, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return;
            }

            changes.Add($"{field.Label()} : {current ?? "—"} → {wanted ?? "—"}");
            apply();
        }

        var loginBefore = user.Login;
        var profilBefore = user.Profil;
        if (source.SetsNames)
        {
            Set(RosterField.Nom, user.Nom, row.Nom, false, () => user.Nom = row.Nom);
            Set(RosterField.Prenom, user.Prenom, row.Prenom, false, () => user.Prenom = row.Prenom);
        }

        var profil = source.ProfilFor(user, row);
        Set(RosterField.Profil, user.Profil.Label(), profil.Label(), false, () => user.Profil = profil);
        Set(RosterField.Login, user.Login, row.Login, true, () => user.Login = row.Login!);
        Set(RosterField.NationalId, user.NationalId, row.NationalId, true, () => user.NationalId = row.NationalId);
        Set(RosterField.EstablishmentId, user.EstablishmentId, row.EstablishmentId, true, () => user.EstablishmentId = row.EstablishmentId);
        Set(RosterField.Email, user.Email, row.Email, true, () => user.Email = row.Email);
        Set(RosterField.BirthDate, user.BirthDate?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            row.BirthDate?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), false, () => user.BirthDate = row.BirthDate);
        SetLegalRepresentatives(row, user, changes);
        if (row.AnnuaireId is not null && !string.Equals(user.AnnuaireId, row.AnnuaireId, StringComparison.OrdinalIgnoreCase))
        {
            // Matched by login: from now on the directory's stable id finds this user, even after a rename.
            changes.Add(user.AnnuaireId is null ? "Relié à son entrée de l'annuaire" : "Relié à une nouvelle entrée de l'annuaire");
            user.AnnuaireId = row.AnnuaireId;
        }

        var changesBeforeGroups = changes.Count;
        groups.Update(user, wantedGroups, changes);
        if (UserPolicy.ChangesWhatTheyMayDo(profilBefore, user.Profil, changes.Count > changesBeforeGroups))
        {
            // What they may do changed (profile, a teacher's groups): their open sessions end.
            user.RenewSecurityStamp();
        }

        if (!user.IsActive && source.Reactivates(user))
        {
            changes.Add("Réactivé");
            user.IsActive = true;
            user.DeactivatedBy = null;
        }

        if (!string.Equals(loginBefore, user.Login, StringComparison.Ordinal))
        {
            // The person's login everywhere (their account and their rows in other schools), when the roster is saved.
            plan.Renamed.Add(user);
        }

        if (!string.Equals(loginBefore, user.Login, StringComparison.OrdinalIgnoreCase))
        {
            index.ByLogin.Remove(loginBefore);
        }

        index.Register(user, row);
        var touched = changes.Count > 0;
        if (touched)
        {
            user.Touch(now);
        }

        if (passwordFromRow is not null && source.Passwords is { } passwords)
        {
            changes.Add(passwords.ForExisting(plan, user, row, passwordFromRow, touched));
        }

        (changes.Count == 0 ? plan.Unchanged : plan.Updates).Add(Planned(row, user, changes));
    }

    /// <summary>
    /// A pupil's legal representatives, by position, as the row gives them. From e-mails only (the CSV), an empty cell keeps
    /// what is known (as for the pupil's own e-mail) and a new e-mail at a position is a new person: their name goes. From a
    /// list that gives them in full (SIECLE), each position becomes what the list says, and one it leaves empty is removed.
    /// </summary>
    private void SetLegalRepresentatives(RosterRow row, User user, List<string>? changes)
    {
        if (user.Profil != Profil.Eleve || (source.ReplacesLegalRepresentatives && !row.HasLegalRepresentatives))
        {
            return;
        }

        foreach (var (position, field, name, email) in new[]
        {
            (1, RosterField.LegalRepresentative1Email, row.LegalRepresentative1Name, row.LegalRepresentative1Email),
            (2, RosterField.LegalRepresentative2Email, row.LegalRepresentative2Name, row.LegalRepresentative2Email),
        })
        {
            var current = user.LegalRepresentatives.FirstOrDefault(r => r.Position == position);
            if (source.ReplacesLegalRepresentatives)
            {
                ReplaceLegalRepresentative(user, position, current, name, email, changes);
                continue;
            }

            if (email is null || string.Equals(current?.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            changes?.Add($"{field.Label()} : {current?.Email ?? "—"} → {email}");
            if (current is null)
            {
                user.LegalRepresentatives.Add(new LegalRepresentative { User = user, Position = position, Email = email });
            }
            else
            {
                (current.Email, current.Name) = (email, null);
            }
        }
    }

    private void ReplaceLegalRepresentative(User user, int position, LegalRepresentative? current, string? name, string? email, List<string>? changes)
    {
        if (string.Equals(current?.Name, name, StringComparison.Ordinal) && string.Equals(current?.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        static string Describe(string? name, string? email) =>
            name is null && email is null ? "—" : email is null ? $"{name} (sans e-mail)" : $"{name ?? "?"} ({email})";

        changes?.Add($"Responsable légal {position} : {Describe(current?.Name, current?.Email)} → {Describe(name, email)}");
        if (name is null && email is null)
        {
            user.LegalRepresentatives.Remove(current!);
            db.LegalRepresentatives.Remove(current!);
        }
        else if (current is null)
        {
            user.LegalRepresentatives.Add(new LegalRepresentative { User = user, Position = position, Name = name, Email = email });
        }
        else
        {
            (current.Name, current.Email) = (name, email);
        }
    }

    private void PlanDeactivations()
    {
        foreach (var user in index.Users.Where(u => u.IsActive && u.Id != 0 && source.Lists(u) && !index.Seen.ContainsKey(u)))
        {
            if (source.ManagedElsewhere(user, absent: true) is { } note)
            {
                plan.ManagedElsewhere.Add(Planned(null, user, [note]));
                continue;
            }

            if (source.Refusal(user) is not null)
            {
                continue;
            }

            user.IsActive = false;
            user.DeactivatedBy = source.DeactivatesAs;
            // A deactivated user cannot sign in, and its open sessions end (PRODUCT.md).
            user.RenewSecurityStamp();
            user.Touch(now);
            plan.Deactivations.Add(Planned(null, user, [source.AbsentNote]));
        }
    }

    private static PlannedUser Planned(RosterRow? row, User user, IReadOnlyList<string> changes) =>
        new(row?.Line, user.Nom, user.Prenom, user.Login, row?.Classe ?? RosterGroups.ClassOf(user), changes);
}
