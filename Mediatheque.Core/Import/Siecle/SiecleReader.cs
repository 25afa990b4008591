using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;

namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// Reads the national registers' XML exports of a collège or lycée — SIECLE's pupils and legal representatives, STS-Web's
/// staff — alone or as the one file of a .zip, into the roster rows every import plans. The file is streamed
/// (<see cref="XmlReader"/>, one person's element at a time) behind limits a hostile file cannot pass: no DTD and so no
/// entity of any kind, at most <see cref="XmlImportSettings.MaxUncompressedBytes"/> read whatever the zip claims.
/// Never throws on bad input: a file that cannot be read comes back with one whole-file issue (line 0).
/// </summary>
public static class SiecleReader
{
    /// <summary>
    /// The most people (pupils, structures, legal representatives, staff) a file may list: a large lycée has 3,000 pupils.
    /// Each is kept as a few strings until the end of the file, so 100 MB of tiny elements would otherwise fill the memory.
    /// </summary>
    public const int MaxEntries = 50_000;

    private static readonly XmlReaderSettings Secure = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    static SiecleReader()
    {
        // ISO-8859-15 (SIECLE's « € » and « Œ ») is not built into .NET; ISO-8859-1 and UTF-8 are.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Whether the bytes are a .zip or an XML document, rather than a CSV list (or a spreadsheet, which the CSV reader explains).</summary>
    public static bool Recognises(byte[] content)
    {
        var bytes = content.AsSpan();
        if (IsZip(bytes))
        {
            return IsZippedExport(content);
        }

        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        var start = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && bytes[start] == (byte)'<';
    }

    public static ImportFile Read(string fileName, byte[] content, XmlImportSettings settings)
    {
        ZipArchive? archive = null;
        try
        {
            Stream stream = new MemoryStream(content, writable: false);
            if (IsZip(content))
            {
                archive = new ZipArchive(stream, ZipArchiveMode.Read);
                var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
                if (entries.Count != 1)
                {
                    return ImportFile.Unreadable(fileName, entries.Count == 0
                        ? $"L'archive « {fileName} » est vide : elle doit contenir un export SIECLE ou STS-Web."
                        : $"L'archive « {fileName} » contient {entries.Count} fichiers ({string.Join(", ", entries.Select(e => $"« {e.FullName} »"))}) : "
                            + "elle ne doit en contenir qu'un. Importez les fichiers un par un.");
                }

                stream = entries[0].Open();
            }

            using var bounded = new BoundedStream(stream, settings.MaxUncompressedBytes);
            using var xml = XmlReader.Create(bounded, Secure);
            return ReadDocument(fileName, xml, settings);
        }
        catch (BoundedStream.TooLargeException)
        {
            return ImportFile.Unreadable(fileName,
                $"Le fichier « {fileName} » dépasse {settings.MaxUncompressedBytes / (1024 * 1024)} Mo une fois décompressé : il est refusé "
                + "(un export SIECLE de 2 500 élèves fait environ 6 Mo).");
        }
        catch (TooManyEntriesException)
        {
            return ImportFile.Unreadable(fileName,
                $"Le fichier « {fileName} » liste plus de {FrenchCount.Number(MaxEntries)} personnes : ce n'est pas l'export d'un établissement, il est refusé.");
        }
        catch (XmlException e)
        {
            return ImportFile.Unreadable(fileName, Malformed(fileName, e));
        }
        catch (InvalidDataException)
        {
            return ImportFile.Unreadable(fileName, $"L'archive « {fileName} » est abîmée : elle n'a pas pu être ouverte. Rien n'a été importé.");
        }
        finally
        {
            archive?.Dispose();
        }
    }

    /// <summary>Why the file may not be imported into this school: it is another school's export. Null when it is this school's.</summary>
    public static string? SchoolRefusal(ImportFile file, School school) =>
        file.Uai is { } uai && !string.Equals(uai, school.Uai, StringComparison.OrdinalIgnoreCase)
            ? $"Ce fichier est celui de l'établissement {uai} ; vous gérez {school.Name} ({school.Uai ?? "UAI non renseigné"})."
            : null;

    private static ImportFile ReadDocument(string fileName, XmlReader xml, XmlImportSettings settings)
    {
        xml.Read();
        var encoding = xml.NodeType == XmlNodeType.XmlDeclaration && xml.GetAttribute("encoding") is { Length: > 0 } declared
            ? declared.ToUpperInvariant()
            : "UTF-8";
        xml.MoveToContent();
        var root = xml.LocalName;
        var file = root switch
        {
            "BEE_ELEVES" => ElevesReader.Read(fileName, xml, settings.Today),
            "BEE_RESPONSABLES" => ResponsablesReader.Read(fileName, xml),
            "STS_EDT" => StsReader.Read(fileName, xml),
            _ => null,
        };
        if (file is null)
        {
            return ImportFile.Unreadable(fileName,
                $"Ce fichier XML n'est pas un export SIECLE ni STS-Web (il commence par « {root} » ; attendu : BEE_ELEVES, BEE_RESPONSABLES ou STS_EDT).",
                encoding);
        }

        if (file.Uai is null)
        {
            return ImportFile.Unreadable(fileName,
                $"Le fichier « {fileName} » ne dit pas de quel établissement il est (UAJ absent) : il ne peut pas être importé.", encoding);
        }

        return file with { EncodingName = encoding };
    }

    /// <summary>One French line for an XML the reader stopped on; the parser's own English message says nothing to a school.</summary>
    private static string Malformed(string fileName, XmlException e) =>
        e.Message.Contains("DTD", StringComparison.Ordinal)
            // The parser gives no line for a refused DOCTYPE; it can only stand at the top of the file, before the root.
            ? $"Le fichier « {fileName} » contient une déclaration DOCTYPE en tête : elle est refusée par sécurité, "
                + "un export SIECLE ou STS-Web n'en contient pas. Rien n'a été importé."
            : $"Le fichier « {fileName} » est illisible ligne {e.LineNumber} : ce n'est pas un XML correct (fichier tronqué, "
                + "modifié à la main ou d'un encodage qui n'est pas celui qu'il déclare). Rien n'a été importé.";

    private static bool IsZip(ReadOnlySpan<byte> content) => content.StartsWith("PK\x03\x04"u8);

    /// <summary>
    /// A zip that opens and is no spreadsheet: an .xlsx or .ods is a zip too (its [Content_Types].xml or mimetype entry
    /// tells it), and a file that only starts like a zip is left, as a spreadsheet is, to the CSV reader's explanation.
    /// </summary>
    private static bool IsZippedExport(byte[] content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return !archive.Entries.Any(e => e.FullName is "[Content_Types].xml" or "mimetype");
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The trimmed text of a child element; null when it is absent or blank (SIECLE pads its codes with spaces).</summary>
    internal static string? Text(XElement parent, string name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    internal static int LineOf(XmlReader xml) => ((IXmlLineInfo)xml).LineNumber;

    /// <summary>« 2025 » (SIECLE's and STS-Web's year of the rentrée) is « 2025-2026 ».</summary>
    internal static string? SchoolYear(string? year) =>
        int.TryParse(year, out var start) && year.Length == 4 ? $"{start}-{start + 1}" : year;

    internal static string FullName(string nom, string prenom) => $"{nom.ToUpperInvariant()} {prenom}".Trim();

    /// <summary>Walks the document and hands each element of the given names, read whole, to <paramref name="handle"/>.</summary>
    internal static void Each(XmlReader xml, IReadOnlySet<string> names, Action<XElement, int> handle)
    {
        var count = 0;
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && names.Contains(xml.LocalName))
            {
                if (++count > MaxEntries)
                {
                    throw new TooManyEntriesException();
                }

                var line = LineOf(xml);
                handle((XElement)XNode.ReadFrom(xml), line);
            }
            else
            {
                xml.Read();
            }
        }
    }

    private sealed class TooManyEntriesException : Exception;
}
