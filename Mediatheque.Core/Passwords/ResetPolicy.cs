using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Users;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Passwords;

/// <summary>
/// Who may reset, edit, deactivate or unlock whom: PRODUCT.md's table in one place. Pure: the
/// services that change data gather the facts (profiles, shared groups) and ask here.
/// </summary>
public sealed class ResetPolicy(IOptions<PolicyOptions> options, IOptions<AnnuaireOptions> annuaire)
{
    public const string OwnPasswordReason =
        "Pour changer votre propre mot de passe, utilisez « Changer mon mot de passe ».";

    public bool AnnuaireManages(User target) => annuaire.Value.Enabled && target.Source == UserSource.Annuaire;

    public string AnnuaireReason =>
        $"Le mot de passe de cet utilisateur est géré par l'annuaire fédérateur « {annuaire.Value.Name} ». Réinitialisez-le dans l'annuaire.";

    /// <summary>A teacher's scope: the pupils sharing one of their groups, or every pupil when the setting widens it.</summary>
    public bool IsInTeacherScope(User target, bool sharesGroup) =>
        target.Profil == Profil.Eleve && (sharesGroup || options.Value.TeacherScope == TeacherScope.WholeSchool);

    public bool WidensTeacherScope => options.Value.TeacherScope == TeacherScope.WholeSchool;

    /// <summary>May the actor see this user at all (grid, detail)?</summary>
    public bool CanSee(User actor, User target, bool sharesGroup) => actor.Profil switch
    {
        Profil.Administrateur or Profil.AdministrateurSecondaire => true,
        Profil.Enseignant => IsInTeacherScope(target, sharesGroup),
        _ => false,
    };

    public PolicyDecision CanResetPassword(User actor, User target, bool sharesGroup)
    {
        var byRole = RoleAllows(actor, target, sharesGroup, resetOnly: true);
        if (!byRole.Allowed)
        {
            return byRole;
        }

        return AnnuaireManages(target)
            ? PolicyDecision.No(AnnuaireReason, annuaire.Value.PasswordPageUrl)
            : PolicyDecision.Yes;
    }

    /// <summary>Unlocking a locked account goes with resetting it, but the directory does not own lockouts here.</summary>
    public PolicyDecision CanUnlock(User actor, User target, bool sharesGroup) =>
        RoleAllows(actor, target, sharesGroup, resetOnly: true);

    public PolicyDecision CanEdit(User actor, User target) =>
        RoleAllows(actor, target, sharesGroup: false, resetOnly: false);

    public PolicyDecision CanDeactivate(User actor, User target) => CanEdit(actor, target);

    /// <summary>The fields of the detail form the actor may change; the others are read-only.</summary>
    public UserField EditableFields(User actor, User target, bool sharesGroup)
    {
        var fields = UserField.None;
        if (CanEdit(actor, target).Allowed)
        {
            fields = UserField.All & ~UserField.Password;
            if (AnnuaireManages(target))
            {
                fields &= ~UserField.Identity;
            }
        }

        if (CanResetPassword(actor, target, sharesGroup).Allowed)
        {
            fields |= UserField.Password;
        }

        return fields;
    }

    /// <summary>The profiles an actor may give a user (a secondary administrator cannot make administrators).</summary>
    public IReadOnlyList<Profil> AssignableProfiles(User actor) => actor.Profil switch
    {
        Profil.Administrateur => [Profil.Eleve, Profil.Enseignant, Profil.AdministrateurSecondaire, Profil.Administrateur],
        Profil.AdministrateurSecondaire => [Profil.Eleve, Profil.Enseignant],
        _ => [],
    };

    private PolicyDecision RoleAllows(User actor, User target, bool sharesGroup, bool resetOnly)
    {
        if (!actor.IsActive)
        {
            return PolicyDecision.No("Votre compte est désactivé.");
        }

        if (actor.Id == target.Id)
        {
            return PolicyDecision.No(resetOnly
                ? OwnPasswordReason
                : "Vous ne pouvez pas modifier votre propre fiche ; demandez à un autre administrateur.");
        }

        switch (actor.Profil)
        {
            case Profil.Administrateur:
                return PolicyDecision.Yes;

            case Profil.AdministrateurSecondaire:
                return target.Profil is Profil.Eleve or Profil.Enseignant
                    ? PolicyDecision.Yes
                    : PolicyDecision.No(OnlyAdministrator(target));

            case Profil.Enseignant when resetOnly:
                return target.Profil switch
                {
                    Profil.Eleve when IsInTeacherScope(target, sharesGroup) => PolicyDecision.Yes,
                    Profil.Eleve => PolicyDecision.No(
                        "Cet élève ne fait partie d'aucun de vos groupes : demandez à un administrateur de la Médiathèque."),
                    // F051: « Le mot de passe d'un enseignant peut uniquement être ré-initialisé par un administrateur ou un administrateur secondaire. »
                    Profil.Enseignant => PolicyDecision.No(
                        "Le mot de passe d'un enseignant ne peut être réinitialisé que par un administrateur ou un administrateur secondaire."),
                    _ => PolicyDecision.No(OnlyAdministrator(target)),
                };

            case Profil.Enseignant:
                return PolicyDecision.No("Seul un administrateur peut modifier la fiche d'un utilisateur.");

            default:
                return PolicyDecision.No(resetOnly
                    ? "Un élève ne peut pas réinitialiser le mot de passe d'un autre utilisateur."
                    : "Un élève ne peut pas modifier la fiche d'un autre utilisateur.");
        }
    }

    private static string OnlyAdministrator(User target) => target.Profil == Profil.Administrateur
        ? "Le compte d'un administrateur ne peut être géré que par un autre administrateur."
        : "Le compte d'un administrateur secondaire ne peut être géré que par un administrateur.";
}
