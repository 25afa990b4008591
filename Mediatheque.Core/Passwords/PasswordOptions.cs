namespace Mediatheque.Core.Passwords;

public sealed class PasswordOptions
{
    public const string Section = "Mediatheque:Passwords";

    /// <summary>BCrypt cost. PRODUCT.md: at least 11 in production; tests lower it to run fast.</summary>
    public int WorkFactor { get; set; } = 11;

    public int MinLengthEleve { get; set; } = 8;

    public int MinLengthStaff { get; set; } = 12;

    /// <summary>Upper bound; with the SHA-384 pre-hash nothing is ever truncated below it.</summary>
    public int MaxLength { get; set; } = 64;

    /// <summary>
    /// ASVS 6.4.1: a password someone else set, to be changed at next sign-in, is valid this many days
    /// (issue 12 enforces it at sign-in; the grid shows it as « mot de passe initial expiré »).
    /// </summary>
    public int InitialPasswordDays { get; set; } = 30;

    /// <summary>
    /// « Doit changer le mot de passe à la prochaine connexion » when someone else sets a password, per profile:
    /// a CE1 pupil whose teacher just typed a password should not be asked to invent another.
    /// </summary>
    public MustChangeDefaults MustChangeByDefault { get; set; } = new();
}

/// <summary><c>Mediatheque:Passwords:MustChangeByDefault:Eleve</c> / <c>:Staff</c>.</summary>
public sealed class MustChangeDefaults
{
    public bool Eleve { get; set; }

    public bool Staff { get; set; } = true;
}
