namespace Mediatheque.Core.Annuaire;

/// <summary>
/// The federated directory (« annuaire fédérateur »: LDAP, AD, an ENT) the Médiathèque may be connected to.
/// « Annuaire » names this directory only; the users' list is something else.
/// </summary>
public sealed class AnnuaireOptions
{
    public const string Section = "Mediatheque:Annuaire";

    public bool Enabled { get; set; }

    /// <summary>The name users know it by, e.g. « ENT Occitanie ».</summary>
    public string Name { get; set; } = "annuaire fédérateur";

    /// <summary>Where passwords of directory users are changed, shown as a link when set.</summary>
    public string? PasswordPageUrl { get; set; }
}
