namespace Mediatheque.Core.Accounts;

public sealed class SignInOptions
{
    public const string Section = "Mediatheque:SignIn";

    /// <summary>Failed attempts in a row before the account is locked.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Shared classroom computers: a session ends after this long without activity.</summary>
    public double IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>
    /// Sign-in posts per minute from one address. A school signs in from one public address, so this
    /// must let a whole class in at once; the per-account lockout is what stops guessing.
    /// </summary>
    public int PostsPerMinutePerAddress { get; set; } = 120;
}
