namespace Mediatheque.Core.Users;

/// <summary>
/// What created a user's row. Issue 21: a staff account typed by hand (the documentaliste) never leaves because an
/// import did not list it; one an import or the directory created may.
/// </summary>
public enum UserOrigin
{
    /// <summary>Typed on « Nouvel utilisateur », seeded, or from before the origin was recorded.</summary>
    Hand = 0,

    /// <summary>Created by an import of a list (ONDE, the Médiathèque's CSV, SIECLE, STS-Web).</summary>
    Import = 1,

    /// <summary>Created by the directory's synchronisation.</summary>
    Annuaire = 2,
}
