using System.Security.Cryptography;
using System.Text;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Passwords;

/// <summary>
/// Passwords a seven-year-old can type: lower-case syllables then digits, with no look-alike
/// characters (no l, 1, I, 0, O, o), e.g. « bamiru47 ».
/// </summary>
public sealed class PasswordGenerator(PasswordPolicy policy)
{
    private const string Consonants = "bcdfghjkmnprstvz";
    private const string Vowels = "aeiu";
    private const string Digits = "23456789";

    public const string LookAlikes = "l1I0Oo";

    public string Generate(Profil profil)
    {
        var length = Math.Max(policy.MinLength(profil), 8);
        while (true)
        {
            var candidate = Build(length);
            if (policy.Validate(profil, candidate).Count == 0)
            {
                return candidate;
            }
        }
    }

    private static string Build(int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length - 2)
        {
            builder.Append(Pick(Consonants));
            if (builder.Length < length - 2)
            {
                builder.Append(Pick(Vowels));
            }
        }

        builder.Append(Pick(Digits)).Append(Pick(Digits));
        return builder.ToString();
    }

    private static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
}
