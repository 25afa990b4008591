using System.Globalization;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.AccountStates;

/// <summary>
/// An account's life at a school, in one place (issue 21): actif → parti → désactivé → supprimé. Imports and the
/// directory's synchronisation make users leave and bring them back, the daily job (<see cref="AccountStateJob"/>) moves
/// them along on their dates, an administrator deactivates and reactivates; each goes through these transitions, which
/// keep <see cref="User.IsActive"/> and the dates together. Pages only show the result.
/// <para>
/// The state is read from the row, never stored twice: désactivé when it may not sign in, else parti when it left a list,
/// else actif. Deactivating voids what signs the user in without a password (cards, picture secrets) in the same save
/// (MediathequeDbContext); a return keeps the same id, login, password and history.
/// </para>
/// </summary>
public static class AccountLife
{
    public static AccountState StateOf(bool isActive, DateTime? leftAt) =>
        !isActive ? AccountState.Desactive : leftAt is null ? AccountState.Actif : AccountState.Parti;

    /// <summary>
    /// actif → parti: the list the school applied no longer names the user. With a parti period of 0 days, on to désactivé
    /// at once (and the daily step right after the save erases them when the next period is 0 too).
    /// </summary>
    public static void Leave(User user, UserDeactivation by, DateTime now, LeavingPeriods periods)
    {
        if (user.State != AccountState.Actif)
        {
            throw new InvalidOperationException($"User {user.Id} is {user.State}: only an actif user leaves.");
        }

        user.LeftAt = now;
        user.DeactivatedBy = by;
        user.Touch(now);
        if (periods.PartiDays == 0)
        {
            Deactivate(user, null, now);
        }
    }

    /// <summary>
    /// actif or parti → désactivé: cannot sign in, open sessions end. <paramref name="by"/> null keeps who made the user
    /// leave (the daily job's step), so that the directory still brings back the users it made leave.
    /// </summary>
    public static void Deactivate(User user, UserDeactivation? by, DateTime now)
    {
        if (!user.IsActive)
        {
            return;
        }

        user.IsActive = false;
        user.DeactivatedAt = now;
        if (by is not null)
        {
            user.DeactivatedBy = by;
        }

        // PRODUCT.md: a deactivated user cannot sign in, and its open sessions end.
        user.RenewSecurityStamp();
        user.Touch(now);
    }

    /// <summary>parti or désactivé → actif: back in a list, or reactivated by an administrator. Same id, login, password and history.</summary>
    public static void Return(User user, DateTime now)
    {
        if (user.State == AccountState.Actif)
        {
            return;
        }

        user.IsActive = true;
        user.LeftAt = null;
        user.DeactivatedAt = null;
        user.DeactivatedBy = null;
        user.Touch(now);
    }

    /// <summary>The school day a parti user becomes désactivé; null for anyone else.</summary>
    public static DateOnly? DeactivatedOn(User user, LeavingPeriods periods) =>
        user.State == AccountState.Parti ? periods.DeactivatedOn(Journal.SchoolDay(user.LeftAt!.Value)) : null;

    /// <summary>
    /// The school day a leaver's personal data is erased; null for an actif user and for one an administrator deactivated
    /// without their leaving (a suspension waits for the administrator).
    /// </summary>
    public static DateOnly? ErasedOn(User user, LeavingPeriods periods) => user switch
    {
        { State: AccountState.Parti } => periods.ErasedOn(Journal.SchoolDay(user.LeftAt!.Value)),
        { State: AccountState.Desactive, LeftAt: not null, DeactivatedAt: { } deactivated } =>
            Journal.SchoolDay(deactivated).AddDays(periods.DeactivatedDays),
        _ => null,
    };

    /// <summary>« Parti le 04/09 »: the grid's word for a leaver who still signs in.</summary>
    public static string LeftLabel(DateTime leftAt) => $"Parti le {Journal.ToSchoolTime(leftAt).ToString("dd/MM", CultureInfo.InvariantCulture)}";

    /// <summary>What the detail page says of a parti or désactivé user: since when, and what comes next on which day.</summary>
    public static string? Notice(User user, LeavingPeriods periods)
    {
        var erased = ErasedOn(user, periods) is { } day ? $"ses données personnelles seront supprimées le {Day(day)}" : null;
        return user.State switch
        {
            AccountState.Parti =>
                $"Parti le {Day(Journal.SchoolDay(user.LeftAt!.Value))} ({By(user.DeactivatedBy)}) : peut encore se connecter pour récupérer son travail. "
                + $"Sera désactivé le {Day(DeactivatedOn(user, periods)!.Value)}, puis {erased}.",
            AccountState.Desactive when user.LeftAt is { } left =>
                $"Parti le {Day(Journal.SchoolDay(left))} ({By(user.DeactivatedBy)}), désactivé le {Day(Journal.SchoolDay(user.DeactivatedAt ?? left))} : "
                + $"ne peut plus se connecter ; {erased}.",
            _ => null,
        };
    }

    /// <summary>« 04/10/2026 ».</summary>
    public static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string By(UserDeactivation? by) => by switch
    {
        UserDeactivation.Annuaire => "absent de l'annuaire fédérateur",
        UserDeactivation.Import => "absent de la liste importée",
        _ => "marqué parti",
    };
}
