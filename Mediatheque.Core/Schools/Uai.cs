using System.Text.RegularExpressions;

namespace Mediatheque.Core.Schools;

/// <summary>
/// The UAI (« Unité administrative immatriculée ») that names a French school: seven digits and a letter, e.g.
/// « 0999001A ». Only the shape is checked: the letter is a check key in the national directory, but schools and test
/// data carry UAIs whose key does not verify, and refusing them would only send people to edit the database by hand.
/// </summary>
public static partial class Uai
{
    public const string Format = "sept chiffres puis une lettre majuscule, par exemple 0999001A";

    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);

    /// <summary>What the administrator typed, trimmed and in capitals (« 0999001a » is « 0999001A »); null when blank.</summary>
    public static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();

    [GeneratedRegex("^[0-9]{7}[A-Z]$")]
    private static partial Regex Shape();
}
