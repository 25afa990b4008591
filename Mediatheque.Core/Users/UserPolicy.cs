using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Schools;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Users;

/// <summary>
/// Who may see, edit, reset, deactivate, unlock and create whom, and who may import and read the
/// journal: PRODUCT.md's table in one place. Pure: the services that change or show data load the
/// actor as they are now (profile, active flag) from the database for every operation and ask here.
/// The session's claims are never trusted for this, so an actor deactivated or demoted while their
/// circuit is still open may do nothing more than their current account allows.
/// <para>
/// Inside one school: the actor and the target are rows of the school being managed (SchoolScope), so « an
/// administrator may edit everyone » means everyone of that school, and that school's settings (its teachers' scope,
/// its directory's name) are the ones that apply: they come with the actor (<see cref="User.School"/>).
/// </para>
/// </summary>
public sealed class UserPolicy(IOptions<AnnuaireOptions> annuaire)
{
    public const string OwnPasswordReason =
        "Pour changer votre propre mot de passe, utilisez « Changer mon mot de passe ».";

    public const string DeactivatedActorReason = "Votre compte est désactivé.";

    /// <summary>
    /// One login opens every school of a person: a school's staff resetting it would take over the person's work in the
    /// other schools too (an administrator of one school becoming, through a shared teacher, a teacher of another).
    /// </summary>
    public const string OtherSchoolReason =
        "Cette personne travaille aussi dans une autre école de la Médiathèque : son mot de passe, commun à ses écoles, "
        + "n'est réinitialisé que par l'administrateur de la plateforme. Elle peut aussi le changer elle-même.";
    /// <summary>What a teacher reads before a bulk reset (F051: a teacher's password only by an administrator).</summary>
    public const string TeacherResetsPupilsOnly =
        "Seuls vos élèves sont concernés : le mot de passe d'un membre du personnel ne peut être réinitialisé que par un administrateur.";

    public bool AnnuaireManages(UserSource source) => annuaire.Value.Enabled && source == UserSource.Annuaire;

    /// <summary>
    /// One answer for every user outside the actor's reach, whoever they are or whether they exist at all,
    /// so that trying ids tells a teacher nothing (no account enumeration).
    /// </summary>
    public const string NotVisibleReason =
        "Cet utilisateur n'existe pas ou ne fait pas partie des utilisateurs que vous pouvez consulter.";

    public bool AnnuaireManages(User target) => annuaire.Value.Enabled && target.Source == UserSource.Annuaire;

    /// <summary>The directory's name as this school's users know it: the school's own, else the deployment's.</summary>
    public string AnnuaireName(School? school) => school?.AnnuaireName is { Length: > 0 } name ? name : annuaire.Value.Name;

    public string AnnuaireReason(School? school) =>
        $"Le mot de passe de cet utilisateur est géré par l'annuaire fédérateur « {AnnuaireName(school)} ». Réinitialisez-le dans l'annuaire.";

    /// <summary>What a directory user reads on « Changer mon mot de passe », with <see cref="AnnuairePasswordPage"/> as its link.</summary>
    public string OwnAnnuaireReason(School? school) =>
        $"Le mot de passe de votre compte est géré par l'annuaire fédérateur « {AnnuaireName(school)} ». Changez-le dans l'annuaire.";

    public string? AnnuairePasswordPage(School? school) =>
        school?.AnnuairePasswordPageUrl is { Length: > 0 } page ? page : annuaire.Value.PasswordPageUrl;

    /// <summary>A teacher's scope: the pupils sharing one of their groups, or every pupil when their school widens it.</summary>
    public static bool IsInTeacherScope(User actor, User target, bool sharesGroup) =>
        target.Profil == Profil.Eleve && (sharesGroup || WidensTeacherScope(actor.School));

    /// <summary>The school's teachers may reset every pupil of it (<see cref="TeacherScope.WholeSchool"/>), not only their groups'.</summary>
    public static bool WidensTeacherScope(School? school) => school?.TeacherScope == TeacherScope.WholeSchool;

    /// <summary>May the actor see this user at all (grid, detail)?</summary>
    public bool CanSee(User actor, User target, bool sharesGroup) => actor.IsActive && actor.Profil switch
    {
        Profil.Administrateur or Profil.AdministrateurSecondaire => true,
        Profil.Enseignant => IsInTeacherScope(actor, target, sharesGroup),
        _ => false,
    };

    /// <summary>Importing the pupils' list and reading the journal: an active administrator of either profile.</summary>
    public bool CanAdminister(User? actor) => actor is { IsActive: true } && actor.Profil.IsAdministrator();

    public PolicyDecision CanResetPassword(User actor, User target, bool sharesGroup)
    {
        var byRole = RoleAllows(actor, target, sharesGroup, resetOnly: true);
        if (!byRole.Allowed)
        {
            return byRole;
        }

        if (target.WorksInAnotherSchool)
        {
            return PolicyDecision.No(OtherSchoolReason);
        }

        return AnnuaireManages(target)
            ? PolicyDecision.No(AnnuaireReason(actor.School), AnnuairePasswordPage(actor.School))
            : PolicyDecision.Yes;
    }

    /// <summary>Unlocking a locked account goes with resetting it, but the directory does not own lockouts here.</summary>
    public PolicyDecision CanUnlock(User actor, User target, bool sharesGroup) =>
        RoleAllows(actor, target, sharesGroup, resetOnly: true);

    public const string NotYourClassReason =
        "Seuls les enseignants de cette classe et les administrateurs gèrent sa connexion par images.";

    /// <summary>
    /// Issue 24: picture sign-in for a class (turning it on, its address, its pupils' sequences) is its teachers' (the
    /// teachers who are members of the class) and the administrators'.
    /// </summary>
    public PolicyDecision CanManageClassSignIn(User actor, bool memberOfClass) => actor switch
    {
        { IsActive: false } => PolicyDecision.No(DeactivatedActorReason),
        { Profil: Profil.Administrateur or Profil.AdministrateurSecondaire } => PolicyDecision.Yes,
        { Profil: Profil.Enseignant } when memberOfClass => PolicyDecision.Yes,
        _ => PolicyDecision.No(NotYourClassReason),
    };

    /// <summary>
    /// Issue 23: a pupil's legal representatives (names, e-mails) are the school administrators' to see, never a teacher's
    /// or a pupil's; the settings of the notices likewise.
    /// </summary>
    public bool CanSeeLegalRepresentatives(User? actor, User target) => CanAdminister(actor) && target.Profil == Profil.Eleve;

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

    /// <summary>
    /// Whether a change alters what the user may do: their profile, or the groups of a teacher (her scope). Such a
    /// change renews the user's security stamp, which ends their open sessions (ASP.NET Core Identity's model).
    /// </summary>
    public static bool ChangesWhatTheyMayDo(Profil before, Profil after, bool groupsChanged) =>
        before != after || (groupsChanged && (before == Profil.Enseignant || after == Profil.Enseignant));

    /// <summary>The profiles an actor may give a user (a secondary administrator cannot make administrators).</summary>
    public IReadOnlyList<Profil> AssignableProfiles(User actor) => actor switch
    {
        { IsActive: false } => [],
        { Profil: Profil.Administrateur } => [Profil.Eleve, Profil.Enseignant, Profil.AdministrateurSecondaire, Profil.Administrateur],
        { Profil: Profil.AdministrateurSecondaire } => [Profil.Eleve, Profil.Enseignant],
        _ => [],
    };

    private PolicyDecision RoleAllows(User actor, User target, bool sharesGroup, bool resetOnly)
    {
        if (!actor.IsActive)
        {
            return PolicyDecision.No(DeactivatedActorReason);
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

            // A teacher sees only the pupils in scope: anyone else gets the one answer that says nothing about them.
            // (F051: « Le mot de passe d'un enseignant peut uniquement être ré-initialisé par un administrateur ou un
            // administrateur secondaire » — a teacher never even sees another teacher.)
            case Profil.Enseignant when resetOnly:
                return IsInTeacherScope(actor, target, sharesGroup) ? PolicyDecision.Yes : PolicyDecision.No(NotVisibleReason);

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
