using Mediatheque.Core.Roster;

namespace Mediatheque.Core.Import;

/// <summary>The Médiathèque's own import format, offered as a template on the import page.</summary>
public static class ImportTemplate
{
    public const string FileName = "modele-import-eleves.csv";

    public static readonly IReadOnlyList<RosterField> Columns =
    [
        RosterField.Nom, RosterField.Prenom, RosterField.Login, RosterField.Password, RosterField.NationalId,
        RosterField.EstablishmentId, RosterField.Email, RosterField.Classe, RosterField.Niveau, RosterField.Groupes,
        RosterField.Options, RosterField.LegalRepresentative1Email, RosterField.LegalRepresentative2Email,
    ];

    /// <summary>« Nom;Prénom;Identifiant;Mot de passe;Id National;Id Établissement;Email;Classe;Niveau;Groupes;Options;Email responsable 1;Email responsable 2 ».</summary>
    public static string Header => string.Join(';', Columns.Select(c => c.Label()));

    /// <summary>UTF-8 with a BOM, so that Excel opens the accents right; the header line only.</summary>
    public static byte[] Content() => [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(Header + "\r\n")];
}
