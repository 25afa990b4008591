namespace Mediatheque.Core.Accounts;

/// <summary>
/// What the lockout counts for one typed login: on its <see cref="Account"/>, or, for a
/// login that matches no account, on an <see cref="UnknownLogin"/> row. One shape, so one rule counts both.
/// </summary>
public interface ISignInCounter
{
    /// <summary>Attempts counted in the current run (each counted before its password is checked).</summary>
    int FailedSignInCount { get; set; }

    /// <summary>When the current run started; a run older than the lockout window is forgotten.</summary>
    DateTime? FirstFailedSignInAt { get; set; }

    DateTime? LockedUntil { get; set; }
}

/// <summary>
/// Sign-in attempts for a login that matches no account, kept under a hash of the folded login (people type
/// their password in the login field: what they typed is never stored). With these rows an unknown login locks
/// exactly like a real one, so the lockout message tells nobody whether a login exists.
/// </summary>
public class UnknownLogin : ISignInCounter
{
    /// <summary>SHA-256 of the trimmed, lower-cased login, in hexadecimal.</summary>
    public string LoginHash { get; set; } = string.Empty;

    public int FailedSignInCount { get; set; }

    public DateTime? FirstFailedSignInAt { get; set; }

    public DateTime? LockedUntil { get; set; }
}
