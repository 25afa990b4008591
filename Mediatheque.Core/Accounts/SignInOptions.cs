namespace Mediatheque.Core.Accounts;

public sealed class SignInOptions
{
    public const string Section = "Mediatheque:SignIn";

    /// <summary>Passwords checked for one login within a lockout window before it is locked (Lockout).</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a lock lasts, and how long a run of failures is remembered.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Shared classroom computers: a session ends after this long without activity.</summary>
    public double IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>A session ends this long after sign-in whatever the activity: the longest a stolen cookie can serve.</summary>
    public double SessionHours { get; set; } = 10;

    /// <summary>
    /// Sign-in posts per minute from one address. A school signs in from one public address, so this
    /// must let a whole class in at once; the per-account lockout is what stops guessing.
    /// </summary>
    public int PostsPerMinutePerAddress { get; set; } = 120;

    /// <summary>« Changer mon mot de passe » posts per minute from one signed-in user (the lockout counts the wrong ones too).</summary>
    public int PasswordChangePostsPerMinute { get; set; } = 10;
}
