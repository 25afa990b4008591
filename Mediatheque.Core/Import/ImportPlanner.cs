using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Import;

/// <summary>A password the import sets: hashed in parallel before the transaction, shown once on a slip.</summary>
internal sealed record PasswordWork(User User, string Password, bool MustChange, bool IsNew, string? Classe)
{
    /// <summary>The row changed other fields too, so the user's version was already bumped.</summary>
    public bool Touched { get; init; }
}

/// <summary>What the planner did to the tracked entities of its context, and how the preview describes it.</summary>
internal sealed class ImportPlan
{
    public List<PlannedPupil> Creates { get; } = [];

    public List<PlannedPupil> Updates { get; } = [];

    public List<PlannedPupil> Deactivations { get; } = [];

    public List<PlannedPupil> Unchanged { get; } = [];

    public List<PlannedPupil> Annuaire { get; } = [];

    public List<string> NewGroups { get; } = [];

    public List<ImportIssue> Issues { get; } = [];

    public List<PasswordWork> Passwords { get; } = [];

    /// <summary>The pupils to create, with their memberships: not tracked, they are bulk-inserted (see BulkInsert).</summary>
    public List<User> NewPupils { get; } = [];

    public ImportPreview ToPreview(ImportFile file)
    {
        var issues = Issues.OrderBy(i => i.Line).ToList();
        // What the administrator approved: if the database moves before « Appliquer », the plan differs and is shown again.
        var signature = string.Join('\n',
            Creates.Select(p => $"C{p.Line}:{p.Login}:{string.Join('|', p.Changes)}")
                .Concat(Updates.Select(p => $"U{p.Line}:{p.Login}:{string.Join('|', p.Changes)}"))
                .Concat(Deactivations.Select(p => $"D:{p.Login}"))
                .Concat(issues.Select(i => $"E{i.Line}:{i.Column}:{i.Message}")));
        return new ImportPreview(file.FileName, file.Format, file.Rows.Count, Creates, Updates, Deactivations, Unchanged,
            Annuaire, NewGroups, issues, signature);
    }
}

/// <summary>
/// Matches each row of the file to a pupil and applies the row to the entities tracked by the
/// given context, without saving: the preview throws the context away, « Appliquer » saves it.
/// Matching: Id National, else Id Établissement, else Identifiant, else Nom + Prénom (+ date of birth).
/// </summary>
internal sealed class ImportPlanner(
    MediathequeDbContext db, User actor, ImportFile file, ImportChoices choices,
    UserPolicy policy, PasswordPolicy passwordPolicy, PasswordGenerator generator, DateTime now)
{
    private readonly ImportPlan plan = new();
    private readonly HashSet<int> linesInError = [.. file.Issues.Select(i => i.Line)];
    private readonly Dictionary<User, int> seen = [];
    private readonly HashSet<string> takenLogins = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> nextSuffix = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, User> byNationalId = null!;
    private Dictionary<string, User> bySchoolId = null!;
    private Dictionary<string, User> byLogin = null!;
    private Dictionary<string, List<User>> pupilsByName = null!;
    private Dictionary<(GroupType, string), Group> groups = null!;

    public async Task<ImportPlan> PlanAsync(CancellationToken cancellationToken)
    {
        plan.Issues.AddRange(file.Issues);
        if (!file.IsReadable)
        {
            return plan;
        }

        groups = (await db.Groups.ToListAsync(cancellationToken))
            .GroupBy(g => (g.Type, TextFolding.Fold(g.Name))).ToDictionary(g => g.Key, g => g.First());
        var users = await db.Users.Include(u => u.Memberships).ToListAsync(cancellationToken);
        byNationalId = Index(users, u => u.NationalId);
        bySchoolId = Index(users, u => u.SchoolId);
        byLogin = Index(users, u => u.Login);
        pupilsByName = users.Where(u => u.Profil == Profil.Eleve).GroupBy(u => NameKey(u.Nom, u.Prenom)).ToDictionary(g => g.Key, g => g.ToList());
        takenLogins.UnionWith(users.Select(u => u.Login));
        takenLogins.UnionWith(file.Rows.Where(r => r.Login is not null).Select(r => r.Login!));

        foreach (var row in file.Rows)
        {
            PlanRow(row);
        }

        if (choices.DeactivateAbsentPupils)
        {
            PlanDeactivations(users);
        }

        return plan;
    }

    /// <summary>
    /// Plans the row, or lists every reason it cannot be applied. A row the reader already refused (an impossible
    /// date…) is checked all the same, so that the administrator mends all of its errors in one go; it is never
    /// planned, but the pupil it names is not « absent from the file » either.
    /// </summary>
    private void PlanRow(ImportRow row)
    {
        var readable = !linesInError.Contains(row.Line);
        var errors = new List<ImportIssue>();
        var target = Match(row, errors);
        if (target is not null)
        {
            if (seen.TryGetValue(target, out var earlier))
            {
                errors.Add(Issue(row, null, $"Cette ligne désigne le même élève que la ligne {earlier} ({target.FullName})."));
            }

            seen.TryAdd(target, row.Line);
            if (readable && errors.Count == 0 && policy.AnnuaireManages(target))
            {
                plan.Annuaire.Add(Planned(row, target, ["Fourni par l'annuaire fédérateur : non modifié par l'import"]));
                return;
            }

            if (errors.Count == 0 && policy.CanEdit(actor, target) is { Allowed: false } refusal)
            {
                errors.Add(Issue(row, null, refusal.Reason!));
            }
        }

        CheckUnique(row, target, ImportColumn.NationalId, row.NationalId, target?.NationalId, byNationalId, "L'Id National", errors);
        CheckUnique(row, target, ImportColumn.SchoolId, row.SchoolId, target?.SchoolId, bySchoolId, "L'Id Établissement", errors);
        CheckUnique(row, target, ImportColumn.Login, row.Login, target?.Login, byLogin, "L'identifiant", errors);
        var password = PasswordFromFile(row, target, errors);
        var wantedGroups = ResolveGroups(row, errors, create: readable && errors.Count == 0);
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

    private User? Match(ImportRow row, List<ImportIssue> errors)
    {
        if (row.NationalId is { } nationalId && byNationalId.TryGetValue(nationalId, out var byIne))
        {
            return PupilOrError(row, byIne, ImportColumn.NationalId, $"L'Id National « {nationalId} »", errors);
        }

        if (row.SchoolId is { } schoolId && bySchoolId.TryGetValue(schoolId, out var bySchool))
        {
            return PupilOrError(row, bySchool, ImportColumn.SchoolId, $"L'Id Établissement « {schoolId} »", errors);
        }

        if (row.Login is { } login && byLogin.TryGetValue(login, out var byId))
        {
            var pupil = PupilOrError(row, byId, ImportColumn.Login, $"L'identifiant « {login} »", errors);
            if (pupil is not null && !Compatible(pupil, row))
            {
                errors.Add(Issue(row, ImportColumn.Login,
                    $"L'identifiant « {login} » est déjà celui de {pupil.FullName}, dont l'Id National ou l'Id Établissement est différent."));
                return null;
            }

            return pupil;
        }

        var candidates = pupilsByName.GetValueOrDefault(NameKey(row.Nom, row.Prenom), [])
            .Where(u => Compatible(u, row) && !seen.ContainsKey(u)).ToList();
        if (candidates.Count > 1 && row.BirthDate is { } birthDate)
        {
            candidates = candidates.Where(u => u.BirthDate == birthDate).ToList();
        }

        if (candidates.Count > 1)
        {
            errors.Add(Issue(row, ImportColumn.Nom,
                $"Plusieurs élèves s'appellent {candidates[0].FullName} : ajoutez l'Id National ou la date de naissance pour savoir lequel est concerné."));
            return null;
        }

        return candidates.SingleOrDefault();
    }

    private User? PupilOrError(ImportRow row, User user, ImportColumn column, string what, List<ImportIssue> errors)
    {
        if (user.Profil == Profil.Eleve)
        {
            return user;
        }

        errors.Add(Issue(row, column, $"{what} est déjà celui de {user.FullName} ({user.Profil.Label()}), qui n'est pas un élève."));
        return null;
    }

    /// <summary>A weaker key (name, login) must not match a pupil whose stronger keys say it is someone else.</summary>
    private static bool Compatible(User user, ImportRow row) =>
        Same(user.NationalId, row.NationalId) && Same(user.SchoolId, row.SchoolId)
        && (row.BirthDate is null || user.BirthDate is null || row.BirthDate == user.BirthDate);

    private static bool Same(string? stored, string? inFile) =>
        stored is null || inFile is null || string.Equals(stored, inFile, StringComparison.OrdinalIgnoreCase);

    private void CheckUnique(
        ImportRow row, User? target, ImportColumn column, string? value, string? current, Dictionary<string, User> index, string what,
        List<ImportIssue> errors)
    {
        if (value is null || string.Equals(value, current, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (index.TryGetValue(value, out var other) && other != target && errors.All(e => e.Column != file.ColumnName(column)))
        {
            errors.Add(Issue(row, column, $"{what} « {value} » est déjà utilisé par un autre utilisateur : {other.FullName} ({other.Login})."));
        }
    }

    private string? PasswordFromFile(ImportRow row, User? target, List<ImportIssue> errors)
    {
        if (!choices.UpdatePasswordsFromFile || row.Password is not { } password)
        {
            return null;
        }

        foreach (var error in passwordPolicy.Validate(Profil.Eleve, password))
        {
            errors.Add(Issue(row, ImportColumn.Password, "Mot de passe refusé : " + error));
        }

        if (target is not null && errors.Count == 0 && policy.CanResetPassword(actor, target, sharesGroup: false) is { Allowed: false } refusal)
        {
            errors.Add(Issue(row, ImportColumn.Password, refusal.Reason!));
        }

        return password;
    }

    /// <summary>The groups the row puts the pupil in, for each group type whose column the file has.</summary>
    /// <remarks>Missing groups are created (when ticked) only for a row that will be applied.</remarks>
    private Dictionary<GroupType, List<Group>> ResolveGroups(ImportRow row, List<ImportIssue> errors, bool create)
    {
        var wanted = new Dictionary<GroupType, List<Group>>();
        void Want(ImportColumn column, GroupType type, IEnumerable<string> names)
        {
            if (!file.Has(column))
            {
                return;
            }

            var list = wanted[type] = [];
            foreach (var name in names)
            {
                if (name.Length > 100)
                {
                    errors.Add(Issue(row, column, "Nom de groupe trop long : 100 caractères au plus."));
                }
                else if (FindGroup(type, name, create) is { } group)
                {
                    list.Add(group);
                }
                else if (!choices.CreateMissingGroups)
                {
                    errors.Add(Issue(row, column,
                        $"{type.Label()} « {name} » inconnu(e) ici : cochez « Créer les classes, niveaux, groupes et options manquants »."));
                }
            }
        }

        Want(ImportColumn.Classe, GroupType.Classe, row.Classe is null ? [] : [row.Classe]);
        Want(ImportColumn.Niveau, GroupType.Niveau, row.Niveau is null ? [] : [row.Niveau]);
        Want(ImportColumn.Groupes, GroupType.Groupe, row.Groupes);
        Want(ImportColumn.Options, GroupType.Option, row.Options);
        return wanted;
    }

    private Group? FindGroup(GroupType type, string name, bool create)
    {
        var key = (type, TextFolding.Fold(name));
        if (groups.TryGetValue(key, out var group))
        {
            return group;
        }

        if (!choices.CreateMissingGroups || !create)
        {
            return null;
        }

        group = new Group { Name = name.Trim(), Type = type };
        db.Groups.Add(group);
        groups.Add(key, group);
        plan.NewGroups.Add($"{type.Label()} « {group.Name} »");
        return group;
    }

    private void Create(ImportRow row, string? passwordFromFile, Dictionary<GroupType, List<Group>> wantedGroups)
    {
        var login = row.Login ?? NewLogin(row);
        takenLogins.Add(login);
        var pupil = new User
        {
            Nom = row.Nom,
            Prenom = row.Prenom,
            Profil = Profil.Eleve,
            Login = login,
            NationalId = row.NationalId,
            SchoolId = row.SchoolId,
            Email = row.Email,
            BirthDate = row.BirthDate,
            Source = UserSource.Local,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var group in wantedGroups.Values.SelectMany(g => g))
        {
            pupil.Memberships.Add(new GroupMembership { User = pupil, Group = group });
        }

        plan.NewPupils.Add(pupil);
        Register(pupil);
        var changes = new List<string>();
        if (passwordFromFile is not null)
        {
            plan.Passwords.Add(new PasswordWork(pupil, passwordFromFile, MustChange: false, IsNew: true, row.Classe));
            changes.Add("Mot de passe du fichier");
        }
        else if (choices.GeneratePasswordsForNewPupils)
        {
            plan.Passwords.Add(new PasswordWork(pupil, generator.Generate(Profil.Eleve), MustChange: true, IsNew: true, row.Classe));
            changes.Add("Mot de passe généré, à changer à la première connexion");
        }
        else
        {
            changes.Add("Sans mot de passe : ne pourra pas se connecter");
        }

        plan.Creates.Add(Planned(row, pupil, changes));
    }

    private void Update(ImportRow row, User pupil, string? passwordFromFile, Dictionary<GroupType, List<Group>> wantedGroups)
    {
        var changes = new List<string>();
        void Set(string label, string? current, string? wanted, bool ignoreCase, Action apply)
        {
            if (wanted is null || string.Equals(current, wanted, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                return;
            }

            changes.Add($"{label} : {current ?? "—"} → {wanted}");
            apply();
        }

        var loginBefore = pupil.Login;
        Set("Nom", pupil.Nom, row.Nom, false, () => pupil.Nom = row.Nom);
        Set("Prénom", pupil.Prenom, row.Prenom, false, () => pupil.Prenom = row.Prenom);
        Set("Identifiant", pupil.Login, row.Login, true, () => pupil.Login = row.Login!);
        Set("Id National", pupil.NationalId, row.NationalId, true, () => pupil.NationalId = row.NationalId);
        Set("Id Établissement", pupil.SchoolId, row.SchoolId, true, () => pupil.SchoolId = row.SchoolId);
        Set("Email", pupil.Email, row.Email, true, () => pupil.Email = row.Email);
        Set("Date de naissance", pupil.BirthDate?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            row.BirthDate?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), false, () => pupil.BirthDate = row.BirthDate);
        foreach (var (type, wanted) in wantedGroups)
        {
            var current = pupil.Memberships.Where(m => m.Group.Type == type).ToList();
            if (current.Select(m => m.Group).ToHashSet().SetEquals(wanted))
            {
                continue;
            }

            changes.Add($"{type.Label()} : {Names(current.Select(m => m.Group))} → {Names(wanted)}");
            foreach (var membership in current.Where(m => !wanted.Contains(m.Group)))
            {
                pupil.Memberships.Remove(membership);
                db.Memberships.Remove(membership);
            }

            foreach (var group in wanted.Where(g => current.All(m => m.Group != g)))
            {
                var membership = new GroupMembership { User = pupil, Group = group };
                pupil.Memberships.Add(membership);
                db.Memberships.Add(membership);
            }
        }

        if (!pupil.IsActive)
        {
            changes.Add("Réactivé");
            pupil.IsActive = true;
        }

        if (!string.Equals(loginBefore, pupil.Login, StringComparison.OrdinalIgnoreCase))
        {
            byLogin.Remove(loginBefore);
        }

        Register(pupil);
        var touched = changes.Count > 0;
        if (touched)
        {
            pupil.Touch(now);
        }

        if (passwordFromFile is not null)
        {
            // Hashes are salted: whether it differs from the current one is only known when checked, before the transaction.
            plan.Passwords.Add(new PasswordWork(pupil, passwordFromFile, MustChange: false, IsNew: false, row.Classe ?? ClassOf(pupil)) { Touched = touched });
            changes.Add("Mot de passe du fichier (remplacé s'il diffère)");
        }

        (changes.Count == 0 ? plan.Unchanged : plan.Updates).Add(Planned(row, pupil, changes));
    }

    /// <summary>
    /// LoginGenerator.MakeUnique's answer, without trying « bm2 », « bm3 »… again for every pupil:
    /// a large school has hundreds of « bm », and the numbers already handed out only grow.
    /// </summary>
    private string NewLogin(ImportRow row)
    {
        var baseLogin = LoginGenerator.Base(row.Nom, row.Prenom);
        if (!takenLogins.Contains(baseLogin))
        {
            return baseLogin;
        }

        var n = nextSuffix.GetValueOrDefault(baseLogin, 2);
        while (takenLogins.Contains(baseLogin + n))
        {
            n++;
        }

        nextSuffix[baseLogin] = n + 1;
        return baseLogin + n;
    }

    private void PlanDeactivations(List<User> users)
    {
        foreach (var pupil in users.Where(u => u.Profil == Profil.Eleve && u.IsActive && !seen.ContainsKey(u) && u.Id != 0))
        {
            if (policy.AnnuaireManages(pupil))
            {
                plan.Annuaire.Add(Planned(null, pupil, ["Absent du fichier, fourni par l'annuaire fédérateur : non désactivé"]));
                continue;
            }

            if (!policy.CanDeactivate(actor, pupil).Allowed)
            {
                continue;
            }

            pupil.IsActive = false;
            // A deactivated user cannot sign in, and its open sessions end (PRODUCT.md).
            pupil.RenewSecurityStamp();
            pupil.Touch(now);
            plan.Deactivations.Add(Planned(null, pupil, ["Absent du fichier : désactivé"]));
        }
    }

    /// <summary>Keeps the indexes current, so that a later row cannot take what an earlier one just claimed.</summary>
    private void Register(User user)
    {
        foreach (var (index, key) in new[] { (byNationalId, user.NationalId), (bySchoolId, user.SchoolId), (byLogin, (string?)user.Login) })
        {
            if (key is not null)
            {
                index.TryAdd(key, user);
            }
        }

        seen.TryAdd(user, 0);
    }

    private ImportIssue Issue(ImportRow row, ImportColumn? column, string message) =>
        new(row.Line, column is { } c ? file.ColumnName(c) : null, message);

    private static PlannedPupil Planned(ImportRow? row, User user, IReadOnlyList<string> changes) =>
        new(row?.Line, user.Nom, user.Prenom, user.Login, row?.Classe ?? ClassOf(user), changes);

    private static string? ClassOf(User user) =>
        user.Memberships.Where(m => m.Group?.Type == GroupType.Classe).Select(m => m.Group.Name).FirstOrDefault();

    private static string Names(IEnumerable<Group> groups) =>
        groups.Select(g => g.Name).DefaultIfEmpty("aucun").Aggregate((a, b) => a + ", " + b);

    private static string NameKey(string nom, string prenom) => TextFolding.Fold(nom) + "|" + TextFolding.Fold(prenom);

    private static Dictionary<string, User> Index(List<User> users, Func<User, string?> key)
    {
        var index = new Dictionary<string, User>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            if (key(user) is { } value)
            {
                index.TryAdd(value, user);
            }
        }

        return index;
    }
}
