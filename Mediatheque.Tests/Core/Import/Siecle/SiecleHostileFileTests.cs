using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mediatheque.Core.Import.Siecle;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

/// <summary>What a file made to hurt the server meets: no entity is ever fetched, no zip is inflated past its limit.</summary>
public sealed class SiecleHostileFileTests
{
    private static readonly Pupil Lea = new("1001", "1234567890A", "MARTIN", "Léa", Structures: "3A:D");

    [Fact]
    public void A_file_declaring_an_external_entity_is_refused_without_the_entity_being_fetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "SECRET-DU-SERVEUR");
        try
        {
            var xml = Eleves([Lea with { Prenom = "&fichier;&reseau;" }]).Replace("<BEE_ELEVES", $"""
                <!DOCTYPE BEE_ELEVES [
                <!ENTITY fichier SYSTEM "file://{secret}">
                <!ENTITY reseau SYSTEM "http://127.0.0.1:{port}/fuite">
                ]>
                <BEE_ELEVES
                """, StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

            var file = Read(Bytes(xml));

            Assert.False(file.IsReadable);
            Assert.Empty(file.Rows);
            var issue = Assert.Single(file.Issues);
            Assert.Equal("Le fichier « ElevesSansAdresses.xml » contient une déclaration DOCTYPE en tête : elle est refusée par sécurité, "
                + "un export SIECLE ou STS-Web n'en contient pas. Rien n'a été importé.", issue.Message);
            Assert.DoesNotContain("SECRET", issue.Message, StringComparison.Ordinal);
            Assert.False(listener.Pending(), "The reader connected to the entity's address.");
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void A_zip_bomb_is_refused_once_100_mb_are_inflated_whatever_it_holds()
    {
        // 200 MB of one tiny element repeated, which compresses about a thousand times: a few hundred kB on the wire.
        var head = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?>\n<BEE_ELEVES>\n<PARAMETRES><UAJ>{FileUai}</UAJ></PARAMETRES>\n<DONNEES>\n");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = zip.CreateEntry("ElevesSansAdresses.xml", CompressionLevel.Fastest).Open())
        {
            entry.Write(head);
            var padding = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<PAD/>", 1 << 16)));
            for (long written = 0; written < 200L * 1024 * 1024; written += padding.Length)
            {
                entry.Write(padding);
            }
        }

        Assert.True(buffer.Length < 5 * 1024 * 1024, $"The bomb is {buffer.Length} bytes: it would not pass the upload limit.");

        var file = Read(buffer.ToArray(), "eleves.zip");

        Assert.Empty(file.Rows);
        Assert.Equal("Le fichier « eleves.zip » dépasse 100 Mo une fois décompressé : il est refusé (un export SIECLE de 2 500 élèves fait environ 6 Mo).",
            Assert.Single(file.Issues).Message);
    }

    [Fact]
    public void A_file_of_exactly_the_limit_passes_and_one_byte_more_does_not()
    {
        var bytes = Bytes(Eleves([Lea]));
        var settings = new XmlImportSettings(Today);

        var exact = SiecleReader.Read("e.xml", Zip(("e.xml", bytes)), settings with { MaxUncompressedBytes = bytes.Length });
        var over = SiecleReader.Read("e.xml", Zip(("e.xml", bytes)), settings with { MaxUncompressedBytes = bytes.Length - 1 });

        Assert.Single(exact.Rows);
        Assert.Contains("une fois décompressé", Assert.Single(over.Issues).Message);
    }

    [Fact]
    public void A_zip_of_two_files_is_refused_naming_them()
    {
        var bytes = Bytes(Eleves([Lea]));

        var file = Read(Zip(("ElevesSansAdresses.xml", bytes), ("sts_emp_0691234X_2025.xml", bytes)), "exports.zip");

        Assert.Empty(file.Rows);
        Assert.Equal("L'archive « exports.zip » contient 2 fichiers (« ElevesSansAdresses.xml », « sts_emp_0691234X_2025.xml ») : "
            + "elle ne doit en contenir qu'un. Importez les fichiers un par un.", Assert.Single(file.Issues).Message);
    }

    [Fact]
    public void A_spreadsheet_is_left_to_the_list_reader_which_explains_it_is_no_csv()
    {
        var xlsx = Zip(("[Content_Types].xml", Bytes("<Types/>")), ("xl/workbook.xml", Bytes("<workbook/>")));

        Assert.False(SiecleReader.Recognises(xlsx));
        Assert.True(SiecleReader.Recognises(Zip(("ElevesSansAdresses.xml", Bytes(Eleves([Lea]))))));
    }

    [Fact]
    public void A_truncated_file_gets_one_french_line_with_its_line_number_and_no_row()
    {
        var xml = Eleves([Lea, Lea with { EleveId = "1002", Ine = "1234567891B" }]);
        var cut = xml[..xml.IndexOf("<STRUCTURES>", StringComparison.Ordinal)] + "<ELEVE ELEVE_ID=\"9\">\n<NOM>X</PRENOM>\n";

        var file = Read(Bytes(cut));

        Assert.Empty(file.Rows);
        var issue = Assert.Single(file.Issues);
        Assert.Equal(0, issue.Line);
        Assert.StartsWith($"Le fichier « ElevesSansAdresses.xml » est illisible ligne {LineOf(cut, "<NOM>X</PRENOM>")} : ce n'est pas un XML correct", issue.Message);
    }

    [Fact]
    public void A_latin1_file_that_claims_to_be_utf8_is_refused_rather_than_read_with_broken_accents()
    {
        var file = Read(Bytes(Eleves([Lea with { Prenom = "Éloïse" }]), "ISO-8859-1"));

        Assert.Empty(file.Rows);
        Assert.Contains("ce n'est pas un XML correct", Assert.Single(file.Issues).Message);
    }

    [Fact]
    public void An_xml_that_is_no_register_export_is_refused_naming_what_it_is()
    {
        var file = Read(Bytes("<?xml version=\"1.0\"?>\n<html><body/></html>\n"));

        Assert.Equal("Ce fichier XML n'est pas un export SIECLE ni STS-Web (il commence par « html » ; attendu : BEE_ELEVES, BEE_RESPONSABLES ou STS_EDT).",
            Assert.Single(file.Issues).Message);
    }

    [Fact]
    public void A_file_listing_more_people_than_any_school_has_is_refused()
    {
        var xml = new StringBuilder($"<?xml version=\"1.0\"?>\n<BEE_ELEVES><PARAMETRES><UAJ>{FileUai}</UAJ></PARAMETRES><DONNEES><ELEVES>\n");
        for (var i = 0; i <= SiecleReader.MaxEntries; i++)
        {
            xml.Append("<ELEVE/>");
        }

        var file = Read(Bytes(xml.Append("</ELEVES></DONNEES></BEE_ELEVES>").ToString()));

        Assert.Empty(file.Rows);
        Assert.Contains("liste plus de 50", Assert.Single(file.Issues).Message);
    }
}
