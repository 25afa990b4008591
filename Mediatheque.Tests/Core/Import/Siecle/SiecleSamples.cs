using System.IO.Compression;
using System.Text;
using Mediatheque.Core.Import;
using Mediatheque.Core.Import.Siecle;

namespace Mediatheque.Tests.Core.Import.Siecle;

/// <summary>
/// Synthetic SIECLE and STS-Web exports written in the tests, following the registers' structures: real exports hold
/// personal data and are never committed. Every element is on its own line, so that a test finds a person's line.
/// </summary>
public static class SiecleSamples
{
    public const string FileUai = "0691234X";

    public static readonly DateOnly Today = new(2026, 3, 20);

    static SiecleSamples()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>A pupil of the file: <paramref name="Structures"/> as « 3A  :D », « LATIN:G ».</summary>
    public sealed record Pupil(string EleveId, string? Ine, string Nom, string Prenom, string BirthDate = "14/05/2012",
        string? Mef = "10310019110", string? LeftOn = null, string? NomUsage = null, params string[] Structures);

    /// <summary>
    /// BEE_ELEVES; <paramref name="older"/>: the older vintage, whose birth name is NOM rather than NOM_DE_FAMILLE;
    /// <paramref name="year"/>: the year of the rentrée (2025 for 2025-2026).
    /// </summary>
    public static string Eleves(IEnumerable<Pupil> pupils, bool older = false, string uai = FileUai, string encoding = "UTF-8", int year = 2025)
    {
        var list = pupils.ToList();
        var xml = new StringBuilder($"""
            <?xml version="1.0" encoding="{encoding}"?>
            <BEE_ELEVES VERSION="3.6">
            <PARAMETRES>
            <UAJ>{uai}</UAJ>
            <ANNEE_SCOLAIRE>{year}</ANNEE_SCOLAIRE>
            <DATE_EXPORT>19/03/{year + 1}</DATE_EXPORT>
            </PARAMETRES>
            <DONNEES>
            <ELEVES>

            """);
        var nameElement = older ? "NOM" : "NOM_DE_FAMILLE";
        foreach (var p in list)
        {
            xml.Append($"<ELEVE ELEVE_ID=\"{p.EleveId}\" ELENOET=\"{p.EleveId}9\">\n");
            Line(xml, "ID_NATIONAL", p.Ine);
            Line(xml, nameElement, p.Nom);
            Line(xml, "NOM_USAGE", p.NomUsage);
            Line(xml, "PRENOM", p.Prenom);
            Line(xml, "DATE_NAISS", p.BirthDate);
            Line(xml, "CODE_MEF", p.Mef);
            Line(xml, "DATE_SORTIE", p.LeftOn);
            xml.Append("</ELEVE>\n");
        }

        xml.Append("</ELEVES>\n<STRUCTURES>\n");
        foreach (var p in list.Where(p => p.Structures.Length > 0))
        {
            xml.Append($"<STRUCTURES_ELEVE ELEVE_ID=\"{p.EleveId}\">\n");
            foreach (var structure in p.Structures)
            {
                var (code, type) = (structure[..structure.LastIndexOf(':')], structure[(structure.LastIndexOf(':') + 1)..]);
                xml.Append($"<STRUCTURE>\n<CODE_STRUCTURE>{code}</CODE_STRUCTURE>\n<TYPE_STRUCTURE>{type}</TYPE_STRUCTURE>\n</STRUCTURE>\n");
            }

            xml.Append("</STRUCTURES_ELEVE>\n");
        }

        xml.Append("</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n");
        return xml.ToString();
    }

    /// <summary>A legal link of BEE_RESPONSABLES: <paramref name="Level"/> is RESP_LEGAL (older) or NIVEAU_RESPONSABILITE (newer).</summary>
    public sealed record Responsibility(string EleveId, string PersonneId, string Level);

    public sealed record Person(string PersonneId, string Nom, string Prenom, string? Mel);

    public static string Responsables(
        IEnumerable<Person> people, IEnumerable<Responsibility> links, bool older = false, string encoding = "UTF-8", string uai = FileUai)
    {
        var xml = new StringBuilder($"""
            <?xml version="1.0" encoding="{encoding}"?>
            <BEE_RESPONSABLES VERSION="3.6">
            <PARAMETRES>
            <UAJ>{uai}</UAJ>
            <ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>
            </PARAMETRES>
            <DONNEES>
            <PERSONNES>

            """);
        foreach (var p in people)
        {
            xml.Append($"<PERSONNE PERSONNE_ID=\"{p.PersonneId}\">\n");
            Line(xml, "NOM", p.Nom);
            Line(xml, "PRENOM", p.Prenom);
            Line(xml, "MEL", p.Mel);
            xml.Append("</PERSONNE>\n");
        }

        xml.Append("</PERSONNES>\n<RESPONSABLES>\n");
        foreach (var l in links)
        {
            xml.Append("<RESPONSABLE_ELEVE>\n");
            Line(xml, "ELEVE_ID", l.EleveId);
            Line(xml, "PERSONNE_ID", l.PersonneId);
            Line(xml, older ? "RESP_LEGAL" : "NIVEAU_RESPONSABILITE", l.Level);
            xml.Append("</RESPONSABLE_ELEVE>\n");
        }

        xml.Append("</RESPONSABLES>\n</DONNEES>\n</BEE_RESPONSABLES>\n");
        return xml.ToString();
    }

    public sealed record Staff(string Id, string Nom, string Prenom, string Fonction, string BirthDate = "1980-02-29", string Type = "epp");

    /// <summary>STS_EDT: the divisions, each with the IDs of the teachers its services name, then the staff.</summary>
    public static string Sts(
        IEnumerable<Staff> staff, IEnumerable<(string Division, string[] Teachers)> divisions, string encoding = "ISO-8859-1", string uai = FileUai)
    {
        var xml = new StringBuilder($"""
            <?xml version="1.0" encoding="{encoding}"?>
            <STS_EDT>
            <PARAMETRES>
            <UAJ CODE="{uai}">
            <ACADEMIE><CODE>10</CODE></ACADEMIE>
            </UAJ>
            <ANNEE_SCOLAIRE ANNEE="2025">
            <DATE_DEBUT>01/09/2025</DATE_DEBUT>
            </ANNEE_SCOLAIRE>
            </PARAMETRES>
            <DONNEES>
            <STRUCTURE>
            <DIVISIONS>

            """);
        foreach (var (division, teachers) in divisions)
        {
            xml.Append($"<DIVISION CODE=\"{division}\">\n<SERVICES>\n");
            foreach (var teacher in teachers)
            {
                xml.Append($"<SERVICE CODE_MATIERE=\"030201\">\n<ENSEIGNANTS>\n<ENSEIGNANT ID=\"{teacher}\" TYPE=\"epp\">\n<COTISATION>1</COTISATION>\n</ENSEIGNANT>\n</ENSEIGNANTS>\n</SERVICE>\n");
            }

            xml.Append("</SERVICES>\n</DIVISION>\n");
        }

        xml.Append("</DIVISIONS>\n</STRUCTURE>\n<INDIVIDUS>\n");
        foreach (var s in staff)
        {
            xml.Append($"<INDIVIDU ID=\"{s.Id}\" TYPE=\"{s.Type}\">\n");
            Line(xml, "NOM_USAGE", s.Nom);
            Line(xml, "PRENOM", s.Prenom);
            Line(xml, "DATE_NAISSANCE", s.BirthDate);
            Line(xml, "FONCTION", s.Fonction);
            xml.Append("</INDIVIDU>\n");
        }

        xml.Append("</INDIVIDUS>\n</DONNEES>\n</STS_EDT>\n");
        return xml.ToString();
    }

    /// <summary>The text's bytes in the encoding its prolog declares (« ISO-8859-15 »…), with a BOM when asked.</summary>
    public static byte[] Bytes(string xml, string encoding = "UTF-8", bool bom = false)
    {
        var bytes = Encoding.GetEncoding(encoding).GetBytes(xml);
        return bom ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes;
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The 1-based line of the first line holding <paramref name="text"/>.</summary>
    public static int LineOf(string xml, string text) =>
        xml[..xml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    public static ImportFile Read(byte[] content, string fileName = "ElevesSansAdresses.xml") =>
        SiecleReader.Read(fileName, content, new XmlImportSettings(Today));

    private static void Line(StringBuilder xml, string element, string? value)
    {
        if (value is not null)
        {
            xml.Append($"<{element}>{System.Security.SecurityElement.Escape(value)}</{element}>\n");
        }
    }
}
