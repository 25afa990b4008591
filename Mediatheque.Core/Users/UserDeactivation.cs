namespace Mediatheque.Core.Users;

/// <summary>
/// Who deactivated a user, kept while they are inactive: the directory's synchronisation reactivates only the users it
/// deactivated itself (they had left the directory and came back), never one an administrator deactivated here.
/// Null on an active user, and on users deactivated before the reason was recorded (treated as deactivated here).
/// </summary>
public enum UserDeactivation
{
    /// <summary>« Désactiver » on the detail page.</summary>
    Administrator = 1,

    /// <summary>An import, because the pupil was absent from the file.</summary>
    Import = 2,

    /// <summary>The directory's synchronisation, because the user left the directory.</summary>
    Annuaire = 3,
}
