using System.Text;
using Mediatheque.Core.Import;
using Mediatheque.Core.Roster;

namespace Mediatheque.Tests.Core.Import;

public sealed class ImportFileReaderTests
{
    [Fact]
    public void An_onde_export_in_latin1_is_read_with_its_accents()
    {
        var file = ImportSamples.Read("onde-latin1.csv");

        Assert.Equal(ImportFormat.Onde, file.Format);
        Assert.Contains("1252", file.EncodingName);
        Assert.Empty(file.Issues);
        Assert.Equal(4, file.Rows.Count);
        var aicha = file.Rows[2];
        Assert.Equal(("N'DIAYE", "Aïcha", "CM1", "M. DURAND", "1234567892C"), (aicha.Nom, aicha.Prenom, aicha.Niveau, aicha.Classe, aicha.NationalId));
        Assert.Equal(new DateOnly(2016, 6, 21), aicha.BirthDate);
        Assert.Equal(4, aicha.Line);
        Assert.Equal(["Chorale"], file.Rows[1].Groupes);
    }

    [Fact]
    public void The_usage_name_wins_over_the_birth_name_in_an_onde_export()
    {
        var file = ImportSamples.Read("onde-latin1.csv");

        Assert.Equal("LEFÈVRE-GUÉRIN", file.Rows[3].Nom);
        Assert.Equal("BESSON", file.Rows[0].Nom);
    }

    [Fact]
    public void An_onde_export_in_utf8_with_bom_curly_apostrophes_and_a_leading_space_in_headers_is_recognised()
    {
        var file = ImportSamples.Read("onde-utf8-bom.csv");

        Assert.Equal(ImportFormat.Onde, file.Format);
        Assert.Equal("UTF-8", file.EncodingName);
        Assert.Empty(file.Issues);
        Assert.Equal(["BESSON", "MARTIN", "N’GUESSAN"], file.Rows.Select(r => r.Nom));
        Assert.Equal("Léa", file.Rows[1].Prenom);
        Assert.Equal("Mme ROUSSEAU", file.Rows[1].Classe);
    }

    [Fact]
    public void The_own_format_is_recognised_with_passwords_groups_and_options()
    {
        var file = ImportSamples.Read("mediatheque-mots-de-passe.csv");

        Assert.Equal(ImportFormat.Mediatheque, file.Format);
        Assert.Empty(file.Issues);
        var lea = file.Rows[1];
        Assert.Equal("lune-bleue-17", lea.Password);
        Assert.Equal(["Chorale", "Théâtre"], lea.Options);
        Assert.Equal(["Soutien lecture"], lea.Groupes);
        Assert.Equal("JF-002", lea.EstablishmentId);
        Assert.Null(lea.Login);
        Assert.Equal("bm", file.Rows[0].Login);
    }

    [Fact]
    public void A_comma_separated_file_with_quoted_lists_and_doubled_quotes_is_read()
    {
        var file = ImportSamples.Read("mediatheque-virgules.csv");

        Assert.Empty(file.Issues);
        Assert.Equal(["Foot", "Chorale"], file.Rows[0].Options);
        Assert.Equal("LE GALL, dit \"Le Breton\"", file.Rows[1].Nom);
    }

    [Fact]
    public void Headers_are_matched_ignoring_case_accents_spaces_and_apostrophes()
    {
        Assert.Equal(ImportHeaders.Key("Nom d'usage Elève"), ImportHeaders.Key(" NOM D’USAGE ÉLÈVE"));
        Assert.Equal(RosterField.Nom, ImportHeaders.Recognise("nom d`usage eleve")?.Column);
        Assert.Equal(RosterField.EstablishmentId, ImportHeaders.Recognise("ID ETABLISSEMENT")?.Column);
        Assert.Equal(RosterField.Groupes, ImportHeaders.Recognise("Regroupement(s)")?.Column);
    }

    [Theory]
    [InlineData("vide.csv", "Le fichier est vide.")]
    [InlineData("binaire.csv", "n'est pas un fichier texte CSV")]
    [InlineData("separateur-tabulation.csv", "séparées par « ; » ou « , »")]
    [InlineData("en-tete-seul.csv", "ne contient que la ligne d'en-tête")]
    public void A_broken_file_gets_one_clear_french_message_and_no_rows(string name, string message)
    {
        var file = ImportSamples.Read(name);

        Assert.False(file.IsReadable);
        Assert.Empty(file.Rows);
        var issue = Assert.Single(file.Issues);
        Assert.Equal(0, issue.Line);
        Assert.Contains(message, issue.Message);
    }

    [Fact]
    public void A_file_of_another_kind_names_the_columns_it_expects()
    {
        var file = ImportFileReader.Read("factures.csv", Encoding.UTF8.GetBytes("Numéro;Montant;Date\n1;12,50;01/01/2026\n"));

        Assert.False(file.IsReadable);
        Assert.Contains("Format non reconnu", file.Issues.Single().Message);
        Assert.Contains("Nom", file.Issues.Single().Message);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_on_its_line_and_the_lines_before_are_kept()
    {
        var file = ImportSamples.Read("guillemet-non-ferme.csv");

        Assert.True(file.IsReadable);
        Assert.Equal(["BESSON"], file.Rows.Select(r => r.Nom));
        var issue = Assert.Single(file.Issues);
        Assert.Equal(3, issue.Line);
        Assert.Contains("guillemet", issue.Message);
    }

    [Fact]
    public void Duplicate_ids_missing_names_and_bad_dates_are_reported_per_row_with_line_and_column()
    {
        var file = ImportSamples.Read("ine-en-double.csv");

        Assert.True(file.IsReadable);
        Assert.Contains(file.Issues, i => i is { Line: 2, Column: "INE" } && i.Message.Contains("en double dans le fichier (aussi ligne 3)"));
        Assert.Contains(file.Issues, i => i is { Line: 3, Column: "INE" } && i.Message.Contains("aussi ligne 2"));
        Assert.Contains(file.Issues, i => i is { Line: 4, Column: "Date naissance" } && i.Message.StartsWith("Date impossible : « 31/02/2016 »", StringComparison.Ordinal));
        Assert.Contains(file.Issues, i => i is { Line: 5, Column: "Nom Elève" } && i.Message == "Le nom est obligatoire.");
    }

    [Fact]
    public void A_line_with_too_many_columns_is_unreadable_and_the_others_are_kept()
    {
        var file = ImportSamples.Own("BESSON;Marion;;;;;;Mme PAQUAY;CE1;;", "MARTIN;Léa;;;;;;Mme ROUSSEAU;CE2;;;;;extra;encore;toujours");

        Assert.Single(file.Rows, r => r.Nom == "BESSON");
        Assert.Contains(file.Issues, i => i.Line == 3 && i.Message.StartsWith("Ligne illisible", StringComparison.Ordinal));
    }

    [Fact]
    public void Ten_thousand_rows_in_latin1_are_read_quickly()
    {
        var bytes = ImportSamples.LargeOnde(10_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var file = ImportFileReader.Read("grande-ecole.csv", bytes);

        Assert.Equal(10_000, file.Rows.Count);
        Assert.Empty(file.Issues);
        Assert.Equal("ÉLÈVE09999", file.Rows[^1].Nom);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"{watch.Elapsed}");
    }

    [Fact]
    public void The_template_is_the_documented_header_and_reads_back_as_the_own_format()
    {
        Assert.Equal("Nom;Prénom;Identifiant;Mot de passe;Id National;Id Établissement;Email;Classe;Niveau;Groupes;Options;Email responsable 1;Email responsable 2", ImportTemplate.Header);
        var file = ImportFileReader.Read(ImportTemplate.FileName, ImportTemplate.Content());
        Assert.Contains("ne contient que la ligne d'en-tête", file.Issues.Single().Message);
    }
}
