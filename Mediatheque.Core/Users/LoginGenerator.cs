using Mediatheque.Core.Text;

namespace Mediatheque.Core.Users;

/// <summary>
/// Logins as the article shows them: BESSON Marion → « bm » (initial of the name, then of the
/// first name), made unique with a number: « bm2 », « bm3 »…
/// </summary>
public static class LoginGenerator
{
    public static string Base(string nom, string prenom)
    {
        var initials = Initial(nom) + Initial(prenom);
        return initials.Length > 0 ? initials : "eleve";
    }

    /// <summary>The first free login; <paramref name="taken"/> must compare ignoring case.</summary>
    public static string MakeUnique(string baseLogin, ISet<string> taken)
    {
        if (!taken.Contains(baseLogin))
        {
            return baseLogin;
        }

        for (var n = 2; ; n++)
        {
            var candidate = baseLogin + n;
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static string Initial(string text)
    {
        var folded = TextFolding.Fold(text).Replace(" ", string.Empty);
        return folded.Length > 0 ? folded[..1] : string.Empty;
    }
}
