using Mediatheque.Core.Groups;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Annuaire;

/// <summary>
/// The federated directory as a roster source. An entry finds its user by the stable id stored at the
/// last synchronisation, else by login. The directory speaks only for its own users: it creates them,
/// keeps their class memberships, makes those who left it leave the school (parti, then désactivé and erased on the
/// school's dates, as the rentrée's leavers), brings back those who return, and never touches a local account.
/// </summary>
internal sealed class AnnuaireSource(AnnuaireLdapOptions ldap, IReadOnlySet<string> stableIds) : RosterSource
{
    public override UserSource CreatesAs => UserSource.Annuaire;

    public override UserOrigin Origin => UserOrigin.Annuaire;

    public override bool CreatesMissingGroups => true;

    public override bool AbsentLeave => true;

    public override string AbsentNote => "Absent de l'annuaire : quitte l'école";

    public override UserDeactivation LeavesAs => UserDeactivation.Annuaire;

    /// <summary>Only a user the directory made leave (they left it and came back): never one deactivated here.</summary>
    public override bool BringsBack(User user) => user.DeactivatedBy == UserDeactivation.Annuaire;

    public override bool SetsGroups(GroupType type) => type == GroupType.Classe;

    /// <summary>The directory is the authority: an e-mail or Id National removed there is removed here.</summary>
    public override bool Clears(RosterField field) => field is RosterField.Email or RosterField.NationalId;

    public override string FieldName(RosterField field) => field switch
    {
        RosterField.Nom => ldap.NomAttribute,
        RosterField.Prenom => ldap.PrenomAttribute,
        RosterField.Login => ldap.LoginAttribute,
        RosterField.Email => ldap.EmailAttribute,
        RosterField.NationalId => ldap.NationalIdAttribute,
        RosterField.Profil => ldap.ProfilAttribute,
        RosterField.Classe => ldap.ClassAttribute,
        _ => field.Label(),
    };

    public override bool Lists(User user) => user.Source == UserSource.Annuaire;

    public override string? Refusal(User user) => user.Source == UserSource.Annuaire
        ? null
        : $"L'identifiant « {user.Login} » est celui d'un compte local de la Médiathèque ({user.FullName}) : "
          + "ce compte n'est pas modifié et l'entrée de l'annuaire n'est pas synchronisée.";

    public override string SameUser(User user, RosterRow earlier) =>
        $"Cette entrée désigne le même utilisateur ({user.FullName}) que l'entrée « {earlier.Entry} ».";

    public override RosterMatch? Match(RosterRow row, RosterIndex index, List<RosterIssue> errors)
    {
        if (row.AnnuaireId is { } id && index.ByAnnuaireId.TryGetValue(id, out var known))
        {
            return new RosterMatch(known, "Même entrée de l'annuaire");
        }

        // By login: a local account (refused, reported), a directory user from before the stable id was kept,
        // or one whose entry was recreated. Not a user whose own entry is still in the directory under another login.
        if (row.Login is { } login && index.ByLogin.TryGetValue(login, out var byLogin)
            && !(byLogin.AnnuaireId is { } other && stableIds.Contains(other)))
        {
            return new RosterMatch(byLogin, "Même identifiant");
        }

        return null;
    }
}
