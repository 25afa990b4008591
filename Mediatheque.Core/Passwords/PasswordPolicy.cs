using System.Reflection;
using Mediatheque.Core.Users;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Passwords;

/// <summary>The password rules of a profile: shown next to every password field, and enforced here.</summary>
public sealed class PasswordPolicy(IOptions<PasswordOptions> options)
{
    private static readonly Lazy<HashSet<string>> CommonPasswords = new(LoadCommonPasswords);

    public int MinLength(Profil profil) =>
        profil == Profil.Eleve ? options.Value.MinLengthEleve : options.Value.MinLengthStaff;

    public int MaxLength => options.Value.MaxLength;

    /// <summary>Whether a password set by someone else must be changed at next sign-in, unless the person setting it says otherwise.</summary>
    public bool MustChangeByDefault(Profil profil) =>
        profil == Profil.Eleve ? options.Value.MustChangeByDefault.Eleve : options.Value.MustChangeByDefault.Staff;

    public string Describe(Profil profil) =>
        $"Au moins {MinLength(profil)} caractères, au plus {MaxLength}. Les mots de passe trop courants sont refusés.";

    public IReadOnlyList<string> Validate(Profil profil, string? password)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            errors.Add("Le mot de passe est obligatoire.");
            return errors;
        }

        if (password.Length < MinLength(profil))
        {
            errors.Add($"Le mot de passe doit contenir au moins {MinLength(profil)} caractères.");
        }

        if (password.Length > MaxLength)
        {
            errors.Add($"Le mot de passe ne doit pas dépasser {MaxLength} caractères.");
        }

        if (!Accounts.TypedCredential.IsTypable(password))
        {
            // Sign-in refuses them (a NUL ends a password for the LDAP client): a password that could never be typed there.
            errors.Add("Le mot de passe ne doit pas contenir de caractère de contrôle (tabulation, retour à la ligne…).");
        }

        if (IsCommon(password))
        {
            errors.Add("Ce mot de passe est trop courant : choisissez-en un autre.");
        }

        return errors;
    }

    public static bool IsCommon(string password) =>
        CommonPasswords.Value.Contains(password.Trim().ToLowerInvariant());

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("Mediatheque.Core.Passwords.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        return set;
    }
}
