using Mediatheque.Core.Groups;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// STS-Web's staff as a roster source. Matching: the STS ID (kept as Id Établissement « STS-… »), else Nom + Prénom among
/// the staff, narrowed by the date of birth. It never touches a pupil, never deactivates anyone (a documentaliste or a CPE
/// made by hand is in no STS file as a teacher), never changes a profile the school gave, and sets the teachers' classes.
/// </summary>
internal sealed class StsSource(ImportFile file, ImportChoices choices, User actor, UserPolicy policy, RosterPasswords passwords)
    : ImportSource(file, choices, actor, policy, passwords)
{
    /// <summary>
    /// The rows to plan and the people left out at planning: the direction unless « Créer les comptes de direction » is
    /// ticked. Decided here rather than when reading, so that ticking the box previews the file again without re-reading it.
    /// </summary>
    public static (IReadOnlyList<RosterRow> Rows, IReadOnlyList<ImportSkip> Skipped) Rows(ImportFile file, ImportChoices choices)
    {
        if (file.Format != ImportFormat.StsWeb || choices.CreateDirectionAccounts)
        {
            return (file.Rows, file.Skipped);
        }

        var direction = file.Rows.Where(r => r.Profil == Profil.AdministrateurSecondaire).ToList();
        var skipped = file.Skipped
            .Concat(direction.Select(r => new ImportSkip(r.Line, $"{r.Nom.ToUpperInvariant()} {r.Prenom}",
                "direction : compte non créé (cochez « Créer les comptes de direction »)")))
            .OrderBy(s => s.Line).ToList();
        return (file.Rows.Except(direction).ToList(), skipped);
    }

    // A staff member absent from the file may be on leave, or be one of those STS-Web does not list as a teacher.
    public override bool AbsentLeave => false;

    public override bool ArchivesEmptyClasses => false;

    public override bool Lists(User user) => false;

    /// <summary>Listed again after an import left them out; someone an administrator deactivated stays so.</summary>
    public override bool BringsBack(User user) => user.DeactivatedBy != UserDeactivation.Administrator;

    /// <summary>Near matches are the pupils' rentrée: a member of staff is matched by STS ID or by name and birth date only.</summary>
    public override RosterMatch? Propose(RosterRow row, RosterIndex index, ISet<User> taken) => null;

    /// <summary>A teacher the school made ADMINISTRATEUR SECONDAIRE (or the reverse) stays what the school decided.</summary>
    public override Profil ProfilFor(User user, RosterRow row) => user.Profil;

    public override bool SetsGroups(GroupType type) => type == GroupType.Classe;

    public override string SameUser(User user, RosterRow earlier) =>
        $"Cette ligne désigne le même membre du personnel que la ligne {earlier.Line} ({user.FullName}).";

    public override RosterMatch? Match(RosterRow row, RosterIndex index, List<RosterIssue> errors)
    {
        if (row.EstablishmentId is { } stsId && index.ByEstablishmentId.TryGetValue(stsId, out var byId))
        {
            if (byId.Profil.IsStaff())
            {
                return new RosterMatch(byId, "Même ID STS");
            }

            errors.Add(Issue(row, RosterField.EstablishmentId,
                $"L'ID STS « {stsId} » est déjà l'Id Établissement de {byId.FullName}, élève : l'import STS-Web ne modifie jamais un élève."));
            return null;
        }

        // Staff made by hand have no STS ID yet; one with another STS ID is someone else of the same name.
        var candidates = index.StaffByName.GetValueOrDefault(RosterIndex.NameKey(row.Nom, row.Prenom), [])
            .Where(u => !index.Seen.ContainsKey(u)
                && u.EstablishmentId?.StartsWith(StsReader.IdPrefix, StringComparison.OrdinalIgnoreCase) != true
                && (row.BirthDate is null || u.BirthDate is null || u.BirthDate == row.BirthDate))
            .ToList();
        candidates = NarrowedByBirthDate(candidates, row);

        if (candidates.Count > 1)
        {
            errors.Add(Issue(row, RosterField.Nom,
                $"Plusieurs membres du personnel s'appellent {candidates[0].FullName} : renseignez leur date de naissance sur leur fiche pour savoir lequel est concerné."));
            return null;
        }

        if (candidates.Count == 0 && row.Profil == Profil.AdministrateurSecondaire && Actor.Profil != Profil.Administrateur)
        {
            errors.Add(Issue(row, RosterField.Profil,
                "Seul un administrateur peut créer un compte de direction (ADMINISTRATEUR SECONDAIRE) : non créé."));
        }

        return Namesake(candidates, row);
    }
}
