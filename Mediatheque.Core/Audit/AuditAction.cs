namespace Mediatheque.Core.Audit;

public enum AuditAction
{
    SignIn = 0,
    SignInFailed = 1,
    LockedOut = 2,
    Unlocked = 3,
    PasswordReset = 4,
    PasswordChanged = 5,
    UserEdited = 6,
    UserCreated = 7,
    UserDeactivated = 8,
    UserReactivated = 9,
    Import = 10,
    SignInRefused = 11,
    PasswordChangeFailed = 12,

    /// <summary>One line per pupil whose password an import set, pointing to the import's own line.</summary>
    PasswordSetByImport = 13,
    LoginCardIssued = 20,
    LoginCardRevoked = 21,
    AnnuaireSync = 30,
    SchoolCreated = 60,
    SchoolChanged = 61,
    AdministratorNamed = 62,
    AdministratorRemoved = 63,
    PictureSignInEnabled = 40,
    PictureSignInDisabled = 41,
    ClassAddressRenewed = 42,
    PictureSequenceIssued = 43,

    /// <summary>One line per user a delivered notice is about, the recipient masked.</summary>
    NoticeSent = 50,
    NoticeFailed = 51,
    NoticeSettingsChanged = 52,
    NoticeTestSent = 53,

    /// <summary>Issue 21: the account left the school's list (an import, the directory) and is « parti ».</summary>
    UserLeft = 70,

    /// <summary>Issue 21: a leaver's personal data erased; the line names them « utilisateur supprimé n° 1234 ».</summary>
    UserErased = 71,

    /// <summary>Issue 21: the daily job's run in a school (who it deactivated and erased).</summary>
    AccountStatesRun = 72,
}

public static class AuditActionExtensions
{
    public static string Label(this AuditAction action) => action switch
    {
        AuditAction.SignIn => "Connexion",
        AuditAction.SignInFailed => "Échec de connexion",
        AuditAction.SignInRefused => "Connexion refusée",
        AuditAction.LockedOut => "Compte verrouillé",
        AuditAction.Unlocked => "Compte déverrouillé",
        AuditAction.PasswordReset => "Mot de passe réinitialisé",
        AuditAction.PasswordChanged => "Mot de passe changé",
        AuditAction.PasswordChangeFailed => "Échec du changement de mot de passe",
        AuditAction.UserEdited => "Utilisateur modifié",
        AuditAction.UserCreated => "Utilisateur créé",
        AuditAction.UserDeactivated => "Utilisateur désactivé",
        AuditAction.UserReactivated => "Utilisateur réactivé",
        AuditAction.Import => "Import de la liste des élèves",
        AuditAction.PasswordSetByImport => "Mot de passe défini par l'import",
        AuditAction.LoginCardIssued => "Carte de connexion imprimée",
        AuditAction.LoginCardRevoked => "Carte de connexion révoquée",
        AuditAction.AnnuaireSync => "Synchronisation de l'annuaire",
        AuditAction.SchoolCreated => "École créée",
        AuditAction.SchoolChanged => "Réglages de l'école modifiés",
        AuditAction.AdministratorNamed => "Administrateur nommé",
        AuditAction.AdministratorRemoved => "Administrateur retiré",
        AuditAction.PictureSignInEnabled => "Connexion par images activée",
        AuditAction.PictureSignInDisabled => "Connexion par images désactivée",
        AuditAction.ClassAddressRenewed => "Nouvelle adresse de classe",
        AuditAction.PictureSequenceIssued => "Séquence d'images attribuée",
        AuditAction.NoticeSent => "Avis envoyé par courriel",
        AuditAction.NoticeFailed => "Avis non remis",
        AuditAction.NoticeSettingsChanged => "Réglages des avis modifiés",
        AuditAction.NoticeTestSent => "Message d'essai envoyé",
        AuditAction.UserLeft => "Départ de l'école (parti)",
        AuditAction.UserErased => "Données personnelles supprimées",
        AuditAction.AccountStatesRun => "Tâche quotidienne des comptes",
        _ => action.ToString(),
    };
}
