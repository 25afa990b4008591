using System.Security.Cryptography;
using System.Text;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Passwords;

/// <summary>
/// Generated passwords, read aloud and typed without look-alike characters (no l, 1, I, 0, O, o): syllables of one
/// consonant and one vowel, each drawn uniformly from a cryptographic source.
/// <list type="bullet">
/// <item>Pupils (a seven-year-old types it): three syllables then two digits, « bamiru47 »: 64³ × 8² = 2^24 possibilities,
/// 24 bits. Weak alone; with the lockout (5 tries per 15 minutes per login) guessing one takes about 2^24 / 480 a day,
/// some 95 years.</item>
/// <item>Staff: three blocks of three syllables, « bamiru-tokesa-vunepi »: 64⁹ = 2^54, 54 bits, above the 50 bits
/// CNIL délibération 2022-100 asks of a password protected by a lockout.</item>
/// </list>
/// A longer minimum length in the configuration adds syllables, never removes any.
/// </summary>
public sealed class PasswordGenerator(PasswordPolicy policy)
{
    private const string Consonants = "bcdfghjkmnprstvz";
    private const string Vowels = "aeiu";
    private const string Digits = "23456789";

    /// <summary>Bits a staff password reaches at least (CNIL 2022-100 with a lockout).</summary>
    public const int StaffMinimumBits = 50;

    public const string LookAlikes = "l1I0Oo";

    private static readonly double SyllableBits = Math.Log2(Consonants.Length * Vowels.Length);
    private static readonly double DigitBits = Math.Log2(Digits.Length);

    public string Generate(Profil profil)
    {
        var layout = LayoutFor(profil);
        while (true)
        {
            var candidate = Build(layout);
            // The policy refuses the common passwords; a redraw costs nothing measurable in strength.
            if (policy.Validate(profil, candidate).Count == 0)
            {
                return candidate;
            }
        }
    }

    /// <summary>The strength of this profile's generated passwords: log2 of how many there can be.</summary>
    public double StrengthBits(Profil profil)
    {
        var layout = LayoutFor(profil);
        return layout.Syllables * SyllableBits + layout.Digits * DigitBits;
    }

    private Layout LayoutFor(Profil profil)
    {
        var minLength = policy.MinLength(profil);
        if (profil == Profil.Eleve)
        {
            // Syllables up to the length, then two digits: 8 characters by default.
            return new Layout(Math.Max(3, (Math.Max(minLength, 8) - 1) / 2), Digits: 2, BlockSize: 0);
        }

        var syllables = 9;
        while (syllables * 2 + (syllables / 3) - 1 < minLength || syllables * SyllableBits < StaffMinimumBits)
        {
            syllables += 3;
        }

        return new Layout(syllables, Digits: 0, BlockSize: 3);
    }

    private static string Build(Layout layout)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < layout.Syllables; i++)
        {
            if (layout.BlockSize > 0 && i > 0 && i % layout.BlockSize == 0)
            {
                builder.Append('-');
            }

            builder.Append(Pick(Consonants)).Append(Pick(Vowels));
        }

        for (var i = 0; i < layout.Digits; i++)
        {
            builder.Append(Pick(Digits));
        }

        return builder.ToString();
    }

    private static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];

    /// <param name="Syllables">Consonant-vowel pairs, 6 bits each.</param>
    /// <param name="Digits">Digits at the end, 3 bits each.</param>
    /// <param name="BlockSize">Syllables between hyphens (0: no hyphen).</param>
    private sealed record Layout(int Syllables, int Digits, int BlockSize);
}
