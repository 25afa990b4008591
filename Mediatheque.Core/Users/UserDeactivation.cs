namespace Mediatheque.Core.Users;

/// <summary>
/// Who took a user out of actif — made them leave (parti) or deactivated them — kept until they return: the directory's
/// synchronisation brings back only the users it made leave itself (they had left the directory and came back), never
/// one an administrator deactivated here. Null on an actif user, and on users deactivated before the reason was
/// recorded (treated as deactivated here). The daily job's step from parti to désactivé keeps it: who made them leave.
/// </summary>
public enum UserDeactivation
{
    /// <summary>« Désactiver » on the detail page.</summary>
    Administrator = 1,

    /// <summary>An import, because the pupil was absent from the file (the rentrée).</summary>
    Import = 2,

    /// <summary>The directory's synchronisation, because the user left the directory.</summary>
    Annuaire = 3,
}
