using Mediatheque.Core.Groups;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Import;

/// <summary>
/// The pupils' list as a roster source. Matching: Id National, else Id Établissement, else Identifiant,
/// else Nom + Prénom (+ date of birth). The acting administrator's rights apply; pupils the federated
/// directory provides are left to it.
/// </summary>
internal class ImportSource(ImportFile file, ImportChoices choices, User actor, UserPolicy policy, RosterPasswords passwords)
    : RosterSource
{
    public override RosterPasswords Passwords => passwords;

    /// <summary>The administrator importing, as they are now.</summary>
    protected User Actor => actor;

    public override UserSource CreatesAs => UserSource.Local;

    public override bool CreatesMissingGroups => choices.CreateMissingGroups;

    public override bool DeactivatesAbsent => choices.DeactivateAbsentPupils;

    public override string AbsentNote => "Absent du fichier : désactivé";

    public override UserDeactivation DeactivatesAs => UserDeactivation.Import;

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
            ? "Absent du fichier, fourni par l'annuaire fédérateur : non désactivé"
            : "Fourni par l'annuaire fédérateur : non modifié par l'import";

    public override string? Refusal(User user) => policy.CanEdit(actor, user) is { Allowed: false } refusal ? refusal.Reason : null;

    public override string SameUser(User user, RosterRow earlier) =>
        $"Cette ligne désigne le même élève que la ligne {earlier.Line} ({user.FullName}).";

    public override User? Match(RosterRow row, RosterIndex index, List<RosterIssue> errors)
    {
        if (row.NationalId is { } nationalId && index.ByNationalId.TryGetValue(nationalId, out var byIne))
        {
            return PupilOrError(row, byIne, RosterField.NationalId, $"L'Id National « {nationalId} »", errors);
        }

        if (row.EstablishmentId is { } establishmentId && index.ByEstablishmentId.TryGetValue(establishmentId, out var byEstablishment))
        {
            return PupilOrError(row, byEstablishment, RosterField.EstablishmentId, $"L'Id Établissement « {establishmentId} »", errors);
        }

        if (row.Login is { } login && index.ByLogin.TryGetValue(login, out var byId))
        {
            var pupil = PupilOrError(row, byId, RosterField.Login, $"L'identifiant « {login} »", errors);
            if (pupil is not null && !Compatible(pupil, row))
            {
                errors.Add(Issue(row, RosterField.Login,
                    $"L'identifiant « {login} » est déjà celui de {pupil.FullName}, dont l'Id National ou l'Id Établissement est différent."));
                return null;
            }

            return pupil;
        }

        var candidates = index.PupilsByName.GetValueOrDefault(RosterIndex.NameKey(row.Nom, row.Prenom), [])
            .Where(u => Compatible(u, row) && !index.Seen.ContainsKey(u)).ToList();
        if (candidates.Count > 1 && row.BirthDate is { } birthDate)
        {
            candidates = candidates.Where(u => u.BirthDate == birthDate).ToList();
        }

        if (candidates.Count > 1)
        {
            errors.Add(Issue(row, RosterField.Nom,
                $"Plusieurs élèves s'appellent {candidates[0].FullName} : ajoutez l'Id National ou la date de naissance pour savoir lequel est concerné."));
            return null;
        }

        return candidates.SingleOrDefault();
    }

    protected User? PupilOrError(RosterRow row, User user, RosterField field, string what, List<RosterIssue> errors)
    {
        if (user.Profil == Profil.Eleve)
        {
            return user;
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
