using System.Text.RegularExpressions;

namespace Mediatheque.Core.Users;

/// <summary>What a user's field may hold, all of it said once.</summary>
public sealed record UserFieldValues(
    string? Nom, string? Prenom, string? Login, string? NationalId = null, string? EstablishmentId = null, string? Email = null, string? NetworkFolder = null);

/// <summary>
/// The one validation of each field of a user, used by every path that writes one: the detail form and
/// « Nouvel utilisateur » (<see cref="UserEditor"/>), the first administrator, the pupils' import
/// (ImportFileReader) and the annuaire's synchronisation. The database cannot be relied on for any of it:
/// SQLite ignores declared lengths. The lengths here are also the columns' (UserConfiguration).
/// </summary>
public static partial class UserFieldRules
{
    public const int NameMaxLength = 100;
    public const int LoginMaxLength = 100;
    public const int IdMaxLength = 50;
    public const int EmailMaxLength = 254;
    public const int NetworkFolderMaxLength = 260;

    /// <summary>
    /// Why the value is refused for this field, in French, or null when it is accepted. Nom, Prénom and
    /// Identifiant are required; the other fields may be blank. Values are judged as they will be stored (trimmed).
    /// </summary>
    public static string? Check(UserField field, string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return field switch
        {
            UserField.Nom => Name(text, "Le nom"),
            UserField.Prenom => Name(text, "Le prénom"),
            UserField.Login => text is null ? "L'identifiant de connexion est obligatoire."
                : text.Length > LoginMaxLength ? $"L'identifiant de connexion ne doit pas dépasser {LoginMaxLength} caractères."
                : LoginPattern().IsMatch(text) ? null
                : "L'identifiant de connexion ne peut contenir que des lettres sans accent, des chiffres, « . », « - » et « _ », et commence par une lettre ou un chiffre.",
            UserField.NationalId => Identifier(text, "L'identifiant national"),
            UserField.EstablishmentId => Identifier(text, "L'identifiant établissement"),
            UserField.Email => text is null ? null
                : text.Length > EmailMaxLength ? $"L'adresse email ne doit pas dépasser {EmailMaxLength} caractères."
                : EmailPattern().IsMatch(text) ? null
                : "L'adresse email n'est pas valide (exemple : prenom.nom@ecole.fr).",
            UserField.NetworkFolder => text is null ? null
                : text.Length > NetworkFolderMaxLength ? $"Le chemin du dossier réseau ne doit pas dépasser {NetworkFolderMaxLength} caractères."
                : UncPattern().IsMatch(text) ? null
                : @"Le chemin du dossier réseau doit être un chemin UNC, par exemple \\172.16.0.6\bm\perso.",
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No text rule for this field."),
        };
    }

    /// <summary>Every field at once, each refusal naming its field.</summary>
    public static List<FieldError> Check(UserFieldValues values)
    {
        var errors = new List<FieldError>();
        foreach (var (field, value) in new[]
        {
            (UserField.Nom, values.Nom), (UserField.Prenom, values.Prenom), (UserField.Login, values.Login),
            (UserField.NationalId, values.NationalId), (UserField.EstablishmentId, values.EstablishmentId),
            (UserField.Email, values.Email), (UserField.NetworkFolder, values.NetworkFolder),
        })
        {
            if (Check(field, value) is { } message)
            {
                errors.Add(new FieldError(field, message));
            }
        }

        return errors;
    }

    // Registers and directories hold every kind of name (« N'DIAYE », « DUPONT (épouse MARTIN) »): only what a
    // spreadsheet would run as a formula (a leading =, +, - or @), markup (< >) and control characters are refused.
    private static string? Name(string? text, string what) =>
        text is null ? $"{what} est obligatoire."
        : text.Length > NameMaxLength ? $"{what} ne doit pas dépasser {NameMaxLength} caractères."
        : NamePattern().IsMatch(text) ? null
        : $"{what} ne peut pas commencer par =, +, - ou @, ni contenir < ou > ou un caractère de contrôle.";

    // INE (« 1234567890A »), school numbers (« JF-001 »): letters without accents, digits, « - », « _ », « . », « / ».
    private static string? Identifier(string? text, string what) =>
        text is null ? null
        : text.Length > IdMaxLength ? $"{what} ne doit pas dépasser {IdMaxLength} caractères."
        : IdentifierPattern().IsMatch(text) ? null
        : $"{what} ne peut contenir que des lettres sans accent, des chiffres, « - », « _ », « . » et « / ».";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^[^=+\-@<>\p{C}][^<>\p{C}]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\\\\[^\\/:*?""<>|\s]+(\\[^\\/:*?""<>|\p{C}]+)+\\?$")]
    private static partial Regex UncPattern();
}
