using System.Globalization;

namespace Mediatheque.Core.Text;

/// <summary>
/// « 1 utilisateur », « 27 utilisateurs », « 1 234 utilisateurs », « Aucun utilisateur »: French counts.
/// French keeps 0 and 1 singular; thousands are grouped the fr-FR way (a narrow no-break space, U+202F).
/// </summary>
public static class FrenchCount
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Of(int count, string one, string many, string? none = null) => count switch
    {
        0 when none is not null => none,
        _ => $"{Number(count)} {(count > 1 ? many : one)}",
    };

    /// <summary>« 1 234 »: a number with its thousands grouped the fr-FR way.</summary>
    public static string Number(int value) => value.ToString("N0", French);

    /// <summary>The count under « Liste des utilisateurs ».</summary>
    public static string Users(int count) => Of(count, "utilisateur", "utilisateurs", "Aucun utilisateur");
}
