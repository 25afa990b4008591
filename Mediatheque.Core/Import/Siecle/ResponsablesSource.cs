using Mediatheque.Core.Groups;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// SIECLE's legal representatives as a roster source: each row names a pupil by ELEVE_ID, which the pupils' SIECLE import
/// keeps as the pupil's Id Établissement, and sets their representatives of level 1 at positions 1 and 2. It changes
/// nothing else: no one is created, renamed, moved, reactivated or deactivated; an unknown ELEVE_ID is reported.
/// </summary>
internal sealed class ResponsablesSource(ImportFile file, ImportChoices choices, User actor, UserPolicy policy, RosterPasswords passwords)
    : ImportSource(file, choices, actor, policy, passwords)
{
    public override bool SetsNames => false;

    public override bool ReplacesLegalRepresentatives => true;

    public override bool AbsentLeave => false;

    public override bool ArchivesEmptyClasses => false;

    public override bool BringsBack(User user) => false;

    public override RosterMatch? Propose(RosterRow row, RosterIndex index, ISet<User> taken) => null;

    public override bool SetsGroups(GroupType type) => false;

    public override RosterMatch? Match(RosterRow row, RosterIndex index, List<RosterIssue> errors)
    {
        var eleveId = row.EstablishmentId ?? string.Empty;
        if (index.ByEstablishmentId.TryGetValue(eleveId, out var pupil))
        {
            return PupilOrError(row, pupil, RosterField.EstablishmentId, $"L'ELEVE_ID « {eleveId} »", "Même ELEVE_ID", errors);
        }

        errors.Add(Issue(row, RosterField.EstablishmentId,
            $"ELEVE_ID « {eleveId} » : aucun élève de l'établissement n'a cet identifiant (importez d'abord la liste des élèves SIECLE) ; "
            + "ses responsables légaux ne sont pas enregistrés."));
        return null;
    }
}
