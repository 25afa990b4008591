namespace Mediatheque.Core.AccountStates;

/// <summary>
/// Where an account is in its life at a school (issue 21). « Supprimé » is no state a row holds: an erased account's row
/// is gone, and only the journal's « utilisateur supprimé n° 1234 » remains (<see cref="AccountErasure"/>).
/// </summary>
public enum AccountState
{
    /// <summary>In the school's list; signs in.</summary>
    Actif = 0,

    /// <summary>Left the list (an import, the directory): still signs in for a while, to fetch their work.</summary>
    Parti = 1,

    /// <summary>Cannot sign in; cards and picture secrets voided. A leaver's personal data is erased after the school's period.</summary>
    Desactive = 2,
}

public static class AccountStateLabels
{
    public static string Label(this AccountState state) => state switch
    {
        AccountState.Actif => "Actif",
        AccountState.Parti => "Parti",
        _ => "Désactivé",
    };
}
