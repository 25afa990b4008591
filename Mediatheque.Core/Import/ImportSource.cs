using Mediatheque.Core.Groups;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Import;

/// <summary>
/// The pupils' list as a roster source. Matching, explained per pupil: Id National (INE), else Id Établissement, else
/// Identifiant, else Nom + Prénom + date de naissance (accents and case ignored; the name alone when a birth date is
/// unknown, said so in the preview); else nothing. A near match — born the same day with a name within two letters, or a
/// usage name changed — is proposed, never applied unless the administrator accepts it. The acting administrator's rights apply; pupils the
/// federated directory provides are left to it.
/// </summary>
internal class ImportSource(ImportFile file, ImportChoices choices, User actor, UserPolicy policy, RosterPasswords passwords)
    : RosterSource
{
    /// <summary>How many letters a near match's name may be off (issue 21: « a name within two letters »).</summary>
    private const int NearLetters = 2;

    public override RosterPasswords Passwords => passwords;

    /// <summary>The administrator importing, as they are now.</summary>
    protected User Actor => actor;

    public override UserSource CreatesAs => UserSource.Local;

    public override UserOrigin Origin => UserOrigin.Import;

    /// <summary>Always planned, listed once with their pupils; applying them is confirmed once (ImportChoices.CreateMissingGroups).</summary>
    public override bool CreatesMissingGroups => true;

    public override bool AbsentLeave => choices.AbsentPupilsLeave;

    public override bool ArchivesEmptyClasses => choices.AbsentPupilsLeave;

    public override string AbsentNote => "Absent du fichier : quitte l'école";

    /// <summary>SIECLE's and STS-Web's « 2025-2026 » is 2025; a CSV says no year.</summary>
    public override int? SchoolYear =>
        file.SchoolYear is { Length: >= 4 } year && int.TryParse(year.AsSpan(0, 4), out var start) ? start : null;

    public override UserDeactivation LeavesAs => UserDeactivation.Import;

    public override bool SetsGroups(GroupType type) => file.Has(type switch
    {
        GroupType.Classe => RosterField.Classe,
        GroupType.Niveau => RosterField.Niveau,
        GroupType.Groupe => RosterField.Groupes,
        _ => RosterField.Options,
    });

    public override string FieldName(RosterField field) => file.ColumnName(field);

    public override bool Lists(User user) => user.Profil == Profil.Eleve;

    public override string? ManagedElsewhere(User user, bool absent) => !policy.AnnuaireManages(user)
        ? null
        : absent
            ? "Absent du fichier, fourni par l'annuaire fédérateur : ne quitte pas l'école par l'import"
            : "Fourni par l'annuaire fédérateur : non modifié par l'import";

    public override string? Refusal(User user) => policy.CanEdit(actor, user) is { Allowed: false } refusal ? refusal.Reason : null;

    public override string SameUser(User user, RosterRow earlier) =>
        $"Cette ligne désigne le même élève que la ligne {earlier.Line} ({user.FullName}).";

    public override RosterMatch? Match(RosterRow row, RosterIndex index, List<RosterIssue> errors)
    {
        if (row.NationalId is { } nationalId && index.ByNationalId.TryGetValue(nationalId, out var byIne))
        {
            return PupilOrError(row, byIne, RosterField.NationalId, $"L'Id National « {nationalId} »", "Même INE", errors);
        }

        if (row.EstablishmentId is { } establishmentId && index.ByEstablishmentId.TryGetValue(establishmentId, out var byEstablishment))
        {
            return PupilOrError(row, byEstablishment, RosterField.EstablishmentId, $"L'Id Établissement « {establishmentId} »", "Même Id Établissement", errors);
        }

        if (row.Login is { } login && index.ByLogin.TryGetValue(login, out var byId))
        {
            var pupil = PupilOrError(row, byId, RosterField.Login, $"L'identifiant « {login} »", "Même identifiant", errors);
            if (pupil is not null && !Compatible(pupil.User, row))
            {
                errors.Add(Issue(row, RosterField.Login,
                    $"L'identifiant « {login} » est déjà celui de {pupil.User.FullName}, dont l'Id National ou l'Id Établissement est différent."));
                return null;
            }

            return pupil;
        }

        var namesakes = NarrowedByBirthDate(SameName(row, index, index.Seen.ContainsKey), row);

        if (namesakes.Count > 1)
        {
            errors.Add(Issue(row, RosterField.Nom,
                $"Plusieurs élèves s'appellent {namesakes[0].FullName} : ajoutez l'Id National ou la date de naissance pour savoir lequel est concerné."));
            return null;
        }

        return Namesake(namesakes, row);
    }

    /// <summary>Namesakes told apart by the row's birth date when it gives one; several left is the caller's error to word.</summary>
    protected static List<User> NarrowedByBirthDate(List<User> namesakes, RosterRow row) =>
        namesakes.Count > 1 && row.BirthDate is { } birthDate ? namesakes.Where(u => u.BirthDate == birthDate).ToList() : namesakes;

    /// <summary>The one namesake left, and why the preview says it is them.</summary>
    protected static RosterMatch? Namesake(List<User> namesakes, RosterRow row) =>
        namesakes.SingleOrDefault() is { } namesake
            ? new RosterMatch(namesake, row.BirthDate is not null && namesake.BirthDate == row.BirthDate
                ? "Même nom, prénom et date de naissance"
                : "Même nom et prénom (date de naissance inconnue)")
            : null;

    public override RosterMatch? Propose(RosterRow row, RosterIndex index, ISet<User> taken)
    {
        var rowName = $"{row.Nom.ToUpperInvariant()} {row.Prenom}";
        if (row.BirthDate is not { } birthDate || !index.PupilsByBirthDate.TryGetValue(birthDate, out var born))
        {
            return null;
        }

        var candidates = born.Where(u => !taken.Contains(u) && Compatible(u, row)).ToList();
        var prenom = TextFolding.Fold(row.Prenom);
        var otherNoms = row.OtherNoms.Prepend(row.Nom).Select(TextFolding.Fold).ToHashSet();
        if (candidates.FirstOrDefault(u => TextFolding.Fold(u.Prenom) == prenom && UsageNameChanged(TextFolding.Fold(u.Nom), otherNoms)) is { } renamed)
        {
            return new RosterMatch(renamed, $"Nom d'usage changé ({renamed.Nom.ToUpperInvariant()} → {row.Nom.ToUpperInvariant()}), même prénom et même date de naissance");
        }

        var key = TextFolding.Fold(row.Nom + " " + row.Prenom);
        var near = candidates.Select(u => (User: u, Distance: EditDistance.Between(TextFolding.Fold(u.Nom + " " + u.Prenom), key, NearLetters)))
            .Where(c => c.Distance <= NearLetters).OrderBy(c => c.Distance).ToList();
        return near.Count > 0 && (near.Count == 1 || near[1].Distance > near[0].Distance)
            ? new RosterMatch(near[0].User, $"Nom proche ({near[0].User.FullName} → {rowName}), même date de naissance")
            : null;
    }

    /// <summary>A name the row gives (usage or birth name) is the pupil's, or one holds the other (« MARTIN » and « MARTIN-DUPONT »).</summary>
    private static bool UsageNameChanged(string stored, HashSet<string> rowNames) =>
        rowNames.Contains(stored) || rowNames.Any(n => Words(n).IsSupersetOf(Words(stored)) || Words(stored).IsSupersetOf(Words(n)));

    private static HashSet<string> Words(string folded) => folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private static List<User> SameName(RosterRow row, RosterIndex index, Func<User, bool> taken) =>
        index.PupilsByName.GetValueOrDefault(RosterIndex.NameKey(row.Nom, row.Prenom), [])
            .Where(u => Compatible(u, row) && !taken(u)).ToList();

    protected RosterMatch? PupilOrError(RosterRow row, User user, RosterField field, string what, string reason, List<RosterIssue> errors)
    {
        if (user.Profil == Profil.Eleve)
        {
            return new RosterMatch(user, reason);
        }

        errors.Add(Issue(row, field, $"{what} est déjà celui de {user.FullName} ({user.Profil.Label()}), qui n'est pas un élève."));
        return null;
    }

    /// <summary>A weaker key (name, login) must not match a pupil whose stronger keys say it is someone else.</summary>
    private static bool Compatible(User user, RosterRow row) =>
        Same(user.NationalId, row.NationalId) && Same(user.EstablishmentId, row.EstablishmentId)
        && (row.BirthDate is null || user.BirthDate is null || row.BirthDate == user.BirthDate);

    private static bool Same(string? stored, string? inFile) =>
        stored is null || inFile is null || string.Equals(stored, inFile, StringComparison.OrdinalIgnoreCase);
}
