namespace Mediatheque.Core.AccountStates;

/// <summary>
/// How long someone who left a school's list stays « parti » (still signs in), then « désactivé », before their personal
/// data is erased; 0 days is « at once ». Per school and per profile (pupils, staff), on the school's settings.
/// Defaults from linuxmuster's sophomorix (toléré 30 days, then 60 deactivated; staff 60 + 90), within the three months
/// the French rules on ENTs allow once an account is no longer needed.
/// </summary>
public sealed record LeavingPeriods(int PartiDays, int DeactivatedDays)
{
    /// <summary>The longest a period may be: a year.</summary>
    public const int MaxDays = 365;

    public static readonly LeavingPeriods PupilsDefault = new(30, 60);

    public static readonly LeavingPeriods StaffDefault = new(60, 90);

    /// <summary>Why these periods cannot be kept (French, for the settings form), or null.</summary>
    public string? Refusal(string who) =>
        PartiDays is < 0 or > MaxDays || DeactivatedDays is < 0 or > MaxDays
            ? $"{who} : les durées vont de 0 (aussitôt) à {MaxDays} jours."
            : null;

    /// <summary>The school day a leaver of <paramref name="leftOn"/> becomes désactivé.</summary>
    public DateOnly DeactivatedOn(DateOnly leftOn) => leftOn.AddDays(PartiDays);

    /// <summary>The school day a leaver of <paramref name="leftOn"/> is erased, the daily job running every day.</summary>
    public DateOnly ErasedOn(DateOnly leftOn) => DeactivatedOn(leftOn).AddDays(DeactivatedDays);
}
