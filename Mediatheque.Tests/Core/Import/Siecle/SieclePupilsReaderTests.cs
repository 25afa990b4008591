using Mediatheque.Core.Import;
using Mediatheque.Core.Import.Siecle;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

public sealed class SieclePupilsReaderTests
{
    private static readonly Pupil Lea = new("1001", "1234567890A", "MARTIN", "Léa", "03/09/2012", "10310019110", null, null, "3A  :D", "LATIN:G", "CHORALE  :G");
    private static readonly Pupil Noe = new("1002", "1234567891B", "DURAND", "Noé", "21/06/2013", "10110001110", null, null, "5B:D");

    [Fact]
    public void A_newer_pupils_file_gives_each_pupil_with_ine_trimmed_division_groups_level_and_birth_date()
    {
        var xml = Eleves([Lea, Noe]);

        var file = Read(Bytes(xml));

        Assert.True(file.IsReadable, string.Join(" | ", file.Issues.Select(i => i.Message)));
        Assert.Equal(ImportFormat.SiecleEleves, file.Format);
        Assert.Empty(file.Issues);
        Assert.Equal((FileUai, "2025-2026"), (file.Uai, file.SchoolYear));
        var lea = file.Rows[0];
        Assert.Equal(("MARTIN", "Léa", Profil.Eleve, "1234567890A", "1001"), (lea.Nom, lea.Prenom, lea.Profil, lea.NationalId, lea.EstablishmentId));
        Assert.Equal(["3A"], lea.Classes);
        Assert.Equal(["LATIN", "CHORALE"], lea.Groupes);
        Assert.Equal("3e", lea.Niveau);
        Assert.Equal(new DateOnly(2012, 9, 3), lea.BirthDate);
        Assert.Equal(LineOf(xml, "<ELEVE ELEVE_ID=\"1001\""), lea.Line);
        Assert.Equal(("5e", "5B"), (file.Rows[1].Niveau, file.Rows[1].Classe));
    }

    [Fact]
    public void An_older_file_naming_the_birth_name_NOM_is_read_the_same_and_the_usage_name_wins()
    {
        var file = Read(Bytes(Eleves([Lea, Noe with { NomUsage = "DURAND-PETIT" }], older: true)));

        Assert.Empty(file.Issues);
        Assert.Equal(["MARTIN", "DURAND-PETIT"], file.Rows.Select(r => r.Nom));
        Assert.Equal("NOM", file.ColumnName(Mediatheque.Core.Roster.RosterField.Nom));
    }

    [Fact]
    public void A_level_comes_only_from_a_known_mef_and_none_is_made_up()
    {
        var file = Read(Bytes(Eleves([Lea with { Mef = "16710001110" }, Noe with { Mef = null }, Lea with { EleveId = "1003", Ine = "1234567892C", Mef = "20010018110" }])));

        Assert.Equal([null, null, "2de"], file.Rows.Select(r => r.Niveau));
    }

    [Theory]
    [InlineData("ISO-8859-15")]
    [InlineData("ISO-8859-1")]
    public void A_file_in_the_latin_encoding_its_prolog_declares_keeps_its_accents(string encoding)
    {
        // Œ exists in ISO-8859-15 only (byte 0xBC, « ¼ » in ISO-8859-1): Latin-1's file spells the name without it.
        var nom = encoding == "ISO-8859-15" ? "ŒUVRAY" : "BÉRAUD";
        var xml = Eleves([Lea with { Nom = nom, Prenom = "Éloïse Bérénice" }], older: true, encoding: encoding);

        var file = Read(Bytes(xml, encoding));

        Assert.Empty(file.Issues);
        Assert.Equal((nom, "Éloïse Bérénice"), (file.Rows[0].Nom, file.Rows[0].Prenom));
        Assert.Equal(encoding, file.EncodingName);
    }

    [Fact]
    public void A_utf8_file_with_a_byte_order_mark_is_read()
    {
        var file = Read(Bytes(Eleves([Lea with { Nom = "ŒUVRAY", Prenom = "Éloïse Bérénice" }]), bom: true));

        Assert.Empty(file.Issues);
        Assert.Equal("Éloïse Bérénice ŒUVRAY", $"{file.Rows[0].Prenom} {file.Rows[0].Nom}");
    }

    [Fact]
    public void A_zip_holding_the_file_gives_the_same_rows_as_the_file_itself()
    {
        var bytes = Bytes(Eleves([Lea, Noe], encoding: "ISO-8859-15"), "ISO-8859-15");

        var zipped = Read(Zip(("ElevesSansAdresses.xml", bytes)), "export.zip");

        Assert.True(SiecleReader.Recognises(Zip(("ElevesSansAdresses.xml", bytes))));
        Assert.Empty(zipped.Issues);
        Assert.Equal(Read(bytes).Rows.Select(r => (r.Nom, r.Prenom, r.NationalId, r.Classe)), zipped.Rows.Select(r => (r.Nom, r.Prenom, r.NationalId, r.Classe)));
        Assert.Equal("export.zip", zipped.FileName);
    }

    [Fact]
    public void Another_schools_file_is_refused_naming_both_schools()
    {
        var file = Read(Bytes(Eleves([Lea])));
        var school = new School { Name = "Collège Jean-Moulin", Uai = "0999002B" };

        Assert.Equal("Ce fichier est celui de l'établissement 0691234X ; vous gérez Collège Jean-Moulin (0999002B).", SiecleReader.SchoolRefusal(file, school));
        Assert.Null(SiecleReader.SchoolRefusal(file, new School { Name = "Collège Lumière", Uai = "0691234x" }));
    }

    [Fact]
    public void A_pupil_who_left_on_or_before_today_is_listed_apart_and_not_imported()
    {
        var xml = Eleves([Lea with { LeftOn = "12/03/2026" }, Noe with { LeftOn = Today.ToString("dd/MM/yyyy") }, Lea with { EleveId = "1003", Ine = "1234567892C", Nom = "PETIT", LeftOn = "30/06/2026" }]);

        var file = Read(Bytes(xml));

        Assert.Equal(["PETIT"], file.Rows.Select(r => r.Nom));
        Assert.Equal([("MARTIN Léa", "sorti le 12/03"), ("DURAND Noé", "sorti le 20/03")], file.Skipped.Select(s => (s.Name, s.Reason)));
        Assert.Equal(LineOf(xml, "<ELEVE ELEVE_ID=\"1001\""), file.Skipped[0].Line);
        Assert.Empty(file.Issues);
    }

    [Fact]
    public void A_pupil_without_ine_and_two_pupils_sharing_one_are_reported_by_name_and_line()
    {
        var xml = Eleves([Lea, Noe with { Ine = null }, Noe with { EleveId = "1003", Nom = "PETIT", Prenom = "Zoé", Ine = "1234567890a" }]);

        var file = Read(Bytes(xml));

        var (lea, noe, zoe) = (LineOf(xml, "ELEVE_ID=\"1001\""), LineOf(xml, "ELEVE_ID=\"1002\""), LineOf(xml, "ELEVE_ID=\"1003\""));
        Assert.Equal([lea, noe, zoe], file.Issues.Select(i => i.Line));
        Assert.Equal("DURAND Noé n'a pas d'INE (ID_NATIONAL) : non importé.", file.Issues[1].Message);
        Assert.Contains("MARTIN Léa", file.Issues[0].Message);
        Assert.Contains($"PETIT Zoé ligne {zoe}", file.Issues[0].Message);
        Assert.Contains($"MARTIN Léa ligne {lea}", file.Issues[2].Message);
        Assert.All(file.Issues, i => Assert.Equal("ID_NATIONAL", i.Column));
    }

    [Fact]
    public void An_impossible_birth_date_is_reported_on_the_pupils_line()
    {
        var file = Read(Bytes(Eleves([Lea with { BirthDate = "31/02/2012" }])));

        var issue = Assert.Single(file.Issues);
        Assert.Equal("DATE_NAISS", issue.Column);
        Assert.StartsWith("MARTIN Léa : Date impossible", issue.Message);
    }
}
