using System.Text;
using Mediatheque.Core.Import;

namespace Mediatheque.Tests.Core.Import;

public sealed class CredentialsCsvTests
{
    [Fact]
    public void The_credentials_csv_opens_in_a_french_excel_and_defuses_formulas()
    {
        var bytes = CredentialsCsv.Build([
            new ImportCredential("BESSON", "Marion", "bm", "bamiru47", "Mme PAQUAY", true),
            new ImportCredential("=HYPERLINK(\"x\")", "Zoé", "hz", "kavune58", null, false),
        ]);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Classe;Nom;Prénom;Identifiant;Mot de passe;À changer à la première connexion", lines[0]);
        Assert.Equal("Mme PAQUAY;BESSON;Marion;bm;bamiru47;oui", lines[1]);
        Assert.StartsWith(";\"'=HYPERLINK", lines[2], StringComparison.Ordinal);
    }
}
