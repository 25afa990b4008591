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
    /// How long a password set by someone else with « doit changer » (a reset, the import, a new account) stays
    /// valid if its owner never signs in to replace it (ASVS 6.4.1).
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
