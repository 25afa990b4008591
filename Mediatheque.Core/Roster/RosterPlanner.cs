using System.Globalization;
using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Roster;

/// <summary>
/// Plans a roster against the school: each row is matched to a user (by the source's rules) and
/// applied to the entities tracked by the given context, without saving; users the source lists but no
/// row names leave the school (parti) when the source says so. The import's preview throws the context away,
/// « Appliquer » and the directory synchronisation save it (RosterApplier).
/// <para>
/// In three passes, so that a near match is only proposed for a user no row names: the rows find their users first; the
/// rows that found no one are offered the users still unnamed who look like them (proposals, applied only once accepted
/// in <paramref name="decisions"/>); then each row is planned. The rentrée is this plan with the accounts' states: the
/// leavers, the classes to create with their pupils, last year's classes left empty, and the safety brake's figures.
/// </para>
/// </summary>
internal sealed class RosterPlanner(MediathequeDbContext db, RosterSource source, DateTime now, IReadOnlyDictionary<int, bool>? decisions = null)
{
    private readonly RosterPlan plan = new();
    private RosterIndex index = null!;
    private RosterGroups groups = null!;
    private School school = null!;

    /// <summary>A row as the first pass left it: the user it names and why, and its errors so far.</summary>
    private sealed record RowWork(RosterRow Row, bool Readable, List<RosterIssue> Errors)
    {
        public RosterMatch? Target { get; set; }

        /// <summary>Another authority manages the user: listed apart, not planned.</summary>
        public bool Skipped { get; set; }

        /// <summary>A near match still to be decided: neither planned nor its user leaving.</summary>
        public bool Pending { get; set; }
    }

    /// <summary>Plans the rows; rows named in <paramref name="issues"/> are not applied, and a whole-source issue (line 0) stops everything.</summary>
    public async Task<RosterPlan> PlanAsync(IReadOnlyList<RosterRow> rows, IReadOnlyList<RosterIssue> issues, CancellationToken cancellationToken)
    {
        plan.Issues.AddRange(issues);
        if (issues.Any(i => i.Line == 0))
        {
            return plan;
        }

        school = await db.Schools.SingleAsync(s => s.Id == db.SchoolScope, cancellationToken);
        index = await RosterIndex.LoadAsync(db, rows, cancellationToken);
        groups = await RosterGroups.LoadAsync(db, source, plan, cancellationToken);
        var classesBefore = groups.ClassesOfActifPupils(index.Users);
        plan.ActivePupils = index.Users.Count(u => u.Profil == Profil.Eleve && u.State == AccountState.Actif);
        plan.PupilRows = rows.Count(r => r.Profil == Profil.Eleve);

        var linesInError = issues.Select(i => i.Line).ToHashSet();
        var work = rows.Select(row => Match(row, readable: !linesInError.Contains(row.Line))).ToList();
        Propose(work);
        foreach (var row in work.Where(w => !w.Skipped && !w.Pending))
        {
            PlanRow(row);
        }

        if (source.AbsentLeave)
        {
            PlanLeavers();
        }

        if (source.ArchivesEmptyClasses)
        {
            plan.Archived.AddRange(groups.Archive(classesBefore, index.Users, plan.NewUsers, now));
        }

        plan.NewGroups.AddRange(groups.Created());
        plan.Brake = RosterBrake.Check(plan, school, source.SchoolYear, wholeList: source.AbsentLeave);
        RosterBrake.Remember(school, source.SchoolYear);
        var sorted = plan.Issues.OrderBy(i => i.Line).ToList();
        plan.Issues.Clear();
        plan.Issues.AddRange(sorted);
        return plan;
    }

    /// <summary>
    /// The first pass: the user the row names, if any. A row the reader already refused (an impossible date…) is matched
    /// all the same, so that the user it names is not « absent », and checked all the same, so that the administrator
    /// mends all of its errors in one go; it is never planned.
    /// </summary>
    private RowWork Match(RosterRow row, bool readable)
    {
        var work = new RowWork(row, readable, []);
        var match = source.Match(row, index, work.Errors);
        if (match is null)
        {
            return work;
        }

        var target = match.User;
        if (index.Seen.TryGetValue(target, out var earlier))
        {
            work.Errors.Add(source.Issue(row, null, source.SameUser(target, earlier)));
        }

        index.Seen.TryAdd(target, row);
        work.Target = match;
        if (readable && work.Errors.Count == 0 && source.ManagedElsewhere(target, absent: false) is { } note)
        {
            plan.ManagedElsewhere.Add(Planned(row, target, [note]) with { Match = match.Reason });
            work.Skipped = true;
        }
        else if (work.Errors.Count == 0 && source.Refusal(target) is { } refusal)
        {
            work.Errors.Add(source.Issue(row, null, refusal));
        }

        return work;
    }

    /// <summary>
    /// The second pass: each readable row that named no one is offered the unnamed user who looks like them, if any.
    /// Accepted, the row names that user; rejected, the row is a new pupil and the user may leave; undecided, neither
    /// happens yet and the plan waits for the decision (issue 21: a near match is never applied silently).
    /// </summary>
    private void Propose(List<RowWork> work)
    {
        var taken = new HashSet<User>(index.Seen.Keys);
        foreach (var row in work.Where(w => w is { Target: null, Readable: true, Errors.Count: 0 }))
        {
            // A user another authority manages is never the import's to take (the directory's pupils).
            if (source.Propose(row.Row, index, taken) is not { } proposal || source.ManagedElsewhere(proposal.User, absent: false) is not null)
            {
                continue;
            }

            var user = proposal.User;
            taken.Add(user);
            var accepted = decisions is not null && decisions.TryGetValue(row.Row.Line, out var decision) ? decision : (bool?)null;
            plan.Proposals.Add(new MatchProposal(row.Row.Line, $"{row.Row.Nom.ToUpperInvariant()} {row.Row.Prenom}", user.Id, user.FullName, user.Login,
                RosterGroups.ClassOf(user), proposal.Reason, accepted));
            if (accepted == false)
            {
                continue;
            }

            // Accepted, or waiting for a decision: the user is spoken for, and does not leave.
            index.Seen.TryAdd(user, row.Row);
            if (accepted == true)
            {
                row.Target = proposal with { Reason = "Rapprochement accepté : " + proposal.Reason };
                if (source.Refusal(user) is { } refusal)
                {
                    row.Errors.Add(source.Issue(row.Row, null, refusal));
                }
            }
            else
            {
                row.Pending = true;
            }
        }
    }

    /// <summary>The third pass: plans the row, or lists every reason it cannot be applied.</summary>
    private void PlanRow(RowWork work)
    {
        var (row, errors) = (work.Row, work.Errors);
        var target = work.Target?.User;
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
        var wantedGroups = groups.Resolve(row, errors, create: work.Readable && errors.Count == 0);
        if (errors.Count > 0 || !work.Readable)
        {
            plan.Issues.AddRange(errors);
            return;
        }

        groups.Count(wantedGroups);
        if (target is null)
        {
            Create(row, password, wantedGroups);
        }
        else
        {
            Update(row, target, work.Target!.Reason, password, wantedGroups);
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
            Origin = source.Origin,
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

    private void Update(RosterRow row, User user, string match, string? passwordFromRow, Dictionary<GroupType, List<Group>> wantedGroups)
    {
        var changes = new List<string>();
        var move = RosterGroups.Move(user, wantedGroups);
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

        if (user.State != AccountState.Actif && source.BringsBack(user))
        {
            // Back in the list while parti or désactivé: actif again, with the same id, login, password and history.
            changes.Add(user.State == AccountState.Parti ? $"De retour (parti le {AccountLife.Day(Journal.SchoolDay(user.LeftAt!.Value))})" : "Réactivé");
            AccountLife.Return(user, now);
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

        (changes.Count == 0 ? plan.Unchanged : plan.Updates).Add(Planned(row, user, changes) with { Match = match, Move = move });
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

    /// <summary>
    /// The users the source lists whom no row named leave: actif → parti, with the dates the school's periods give them
    /// (AccountLife). Those already parti or désactivé stay as they are; a hand-made staff account never leaves.
    /// </summary>
    private void PlanLeavers()
    {
        foreach (var user in index.Users.Where(u => u.State == AccountState.Actif && u.Id != 0 && source.Lists(u) && !index.Seen.ContainsKey(u)
                     && RosterSource.MayMakeLeave(u)))
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

            var periods = school.PeriodsFor(user.Profil);
            var left = Journal.SchoolDay(now);
            AccountLife.Leave(user, source.LeavesAs, now, periods);
            plan.Leavers.Add(user);
            plan.Leaves.Add(Planned(null, user, [source.AbsentNote]) with
            {
                Fate = $"parti le {AccountLife.Day(left)}, désactivé le {AccountLife.Day(periods.DeactivatedOn(left))}, "
                    + $"supprimé le {AccountLife.Day(periods.ErasedOn(left))}",
            });
            if (user.Profil == Profil.Eleve)
            {
                plan.LeavingPupils++;
            }
        }
    }

    private static PlannedUser Planned(RosterRow? row, User user, IReadOnlyList<string> changes) =>
        new(row?.Line, user.Nom, user.Prenom, user.Login, row?.Classe ?? RosterGroups.ClassOf(user), changes);
}
