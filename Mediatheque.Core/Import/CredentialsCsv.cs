using CsvHelper;

namespace Mediatheque.Core.Import;

/// <summary>
/// The passwords set by an import, as a CSV for the administrator's own mail merge. Built in
/// memory for a download from the page: never written to disk or to the database.
/// </summary>
public static class CredentialsCsv
{
    public const string FileName = "identifiants-eleves.csv";

    public static byte[] Build(IEnumerable<ImportCredential> credentials)
    {
        using var stream = new MemoryStream();
        // « ; » and a BOM: what Excel in French expects. Names starting with « = » are defused (CSV injection).
        var options = CsvWriterOptions.Default with { Separator = ';', WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        using (var writer = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            writer.WriteHeader(["Classe", "Nom", "Prénom", "Identifiant", "Mot de passe", "À changer à la première connexion"]);
            foreach (var c in credentials)
            {
                writer.WriteRecord([c.Classe ?? string.Empty, c.Nom, c.Prenom, c.Login, c.Password, c.MustChangePassword ? "oui" : "non"]);
            }
        }

        return stream.ToArray();
    }
}
