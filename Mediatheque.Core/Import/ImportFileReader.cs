using System.Globalization;
using System.Text;
using CsvHelper;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Text;

namespace Mediatheque.Core.Import;

/// <summary>
/// Reads an uploaded pupils' list: detects the encoding and the separator, recognises the format
/// from the headers, and turns each line into an <see cref="RosterRow"/> or into French errors.
/// Never throws on bad input: a file that cannot be read comes back with a whole-file issue (line 0).
/// </summary>
public static class ImportFileReader
{
    /// <summary>Group names (Classe, Niveau); the user's own fields follow <see cref="Users.UserFieldRules"/>.</summary>
    private const int MaxFieldLength = 100;

    public static ImportFile Read(string fileName, byte[] content)
    {
        if (content.Length == 0)
        {
            return ImportFile.Unreadable(fileName, "Le fichier est vide.");
        }

        if (!TryDecode(content, out var text, out var encodingName))
        {
            return ImportFile.Unreadable(fileName,
                "Ce fichier n'est pas un fichier texte CSV (c'est peut-être un classeur Excel ou une image) : "
                + "enregistrez la liste au format « CSV (séparateur : point-virgule) » puis réessayez.");
        }

        var firstLine = text.Split('\n', 2)[0];
        var separator = DetectSeparator(firstLine);
        var issues = new List<RosterIssue>();
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
        };

        using var reader = CsvReader.FromText(text, options);
        var headers = reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var (format, columns, headerIssue) = Recognise(headers, separator);
        if (headerIssue is not null)
        {
            return ImportFile.Unreadable(fileName, headerIssue, encodingName);
        }

        var rows = new List<RosterRow>();
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = (reader.GetString(i) ?? string.Empty).Trim();
            }

            if (cells.All(string.IsNullOrEmpty))
            {
                continue;
            }

            if (malformed.TryGetValue(line, out var reason))
            {
                issues.Add(new RosterIssue(line, null, Describe(reason, line)));
                continue;
            }

            if (cells.Length > headers.Length && cells.Skip(headers.Length).Any(c => c.Length > 0))
            {
                issues.Add(new RosterIssue(line, null,
                    $"Ligne illisible : {cells.Length} colonnes au lieu de {headers.Length} (un « {separator} » en trop, ou un guillemet manquant ?)."));
                continue;
            }

            rows.Add(ToRow(line, cells, columns, headers, issues));
        }

        if (rows.Count == 0 && issues.Count == 0)
        {
            return ImportFile.Unreadable(fileName, "Le fichier ne contient que la ligne d'en-tête : aucun élève à importer.", encodingName);
        }

        var headerText = columns.ToDictionary(c => c.Key, c => headers[c.Value[0]]);
        FlagDuplicates(rows, RosterField.NationalId, r => r.NationalId, "Id National", headerText, issues);
        FlagDuplicates(rows, RosterField.EstablishmentId, r => r.EstablishmentId, "Id Établissement", headerText, issues);
        FlagDuplicates(rows, RosterField.Login, r => r.Login, "Identifiant", headerText, issues);
        issues.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ImportFile(fileName, format, encodingName, headerText, rows, issues);
    }

    /// <summary>UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else that is text is read as Windows-1252 (Latin-1's superset).</summary>
    private static bool TryDecode(byte[] content, out string text, out string encodingName)
    {
        text = string.Empty;
        encodingName = string.Empty;
        if (content.AsSpan().StartsWith("\uFEFF"u8))
        {
            (text, encodingName) = (Encoding.UTF8.GetString(content, 3, content.Length - 3), "UTF-8");
        }
        else if (content.Length >= 2 && (content[0], content[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
        {
            var encoding = content[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            (text, encodingName) = (encoding.GetString(content, 2, content.Length - 2), "UTF-16");
        }
        else if (Array.IndexOf(content, (byte)0) >= 0)
        {
            return false;
        }
        else
        {
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
                encodingName = "UTF-8";
            }
            catch (DecoderFallbackException)
            {
                text = Windows1252.GetString(content);
                encodingName = "Windows-1252 (Latin-1)";
            }
        }

        // A text file has few control characters besides line breaks and tabs; a binary one has many.
        var controls = text.Count(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
        return controls <= Math.Max(2, text.Length / 100);
    }

    private static Encoding Windows1252 { get; } = CreateWindows1252();

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private static char DetectSeparator(string headerLine)
    {
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in headerLine)
        {
            switch (c)
            {
                case '"': quoted = !quoted; break;
                case ';' when !quoted: semicolons++; break;
                case ',' when !quoted: commas++; break;
            }
        }

        return commas > semicolons ? ',' : ';';
    }

    private static (ImportFormat? Format, Dictionary<RosterField, List<int>> Columns, string? Issue) Recognise(string[] headers, char separator)
    {
        var columns = new Dictionary<RosterField, List<(int Index, int Priority)>>();
        for (var i = 0; i < headers.Length; i++)
        {
            if (ImportHeaders.Recognise(headers[i]) is { } match && match.Column != RosterField.Ignored)
            {
                if (!columns.TryGetValue(match.Column, out var list))
                {
                    columns[match.Column] = list = [];
                }

                list.Add((i, match.Priority));
            }
        }

        var ordered = columns.ToDictionary(c => c.Key, c => c.Value.OrderBy(x => x.Priority).Select(x => x.Index).ToList());
        var format = headers.Any(ImportHeaders.IsOndeHeader) ? ImportFormat.Onde : ImportFormat.Mediatheque;
        if (ordered.ContainsKey(RosterField.Nom) && ordered.ContainsKey(RosterField.Prenom))
        {
            return (format, ordered, null);
        }

        if (headers.Length <= 1)
        {
            var only = headers.FirstOrDefault() ?? string.Empty;
            var hint = only.Contains('\t', StringComparison.Ordinal) || only.Contains('|', StringComparison.Ordinal)
                ? " Les colonnes de ce fichier semblent séparées par une tabulation ou « | » : "
                : " ";
            return (null, ordered, "Une seule colonne trouvée sur la ligne d'en-tête." + hint
                + $"les colonnes doivent être séparées par « ; » ou « , » (séparateur utilisé : « {separator} »).");
        }

        var missing = format == ImportFormat.Onde
            ? (ordered.ContainsKey(RosterField.Nom) ? "« Prénom Elève »" : "« Nom Elève »")
            : string.Join(" et ", new[] { RosterField.Nom, RosterField.Prenom }.Where(c => !ordered.ContainsKey(c)).Select(c => $"« {c.Label()} »"));
        return (null, ordered,
            $"Format non reconnu : la colonne {missing} est introuvable. Le fichier doit être un export élèves d'ONDE "
            + $"(« Nom Elève », « Prénom Elève »…) ou suivre le modèle de la Médiathèque ({ImportTemplate.Header}).");
    }

    private static RosterRow ToRow(int line, string[] cells, Dictionary<RosterField, List<int>> columns, string[] headers, List<RosterIssue> issues)
    {
        string? Cell(RosterField column)
        {
            if (!columns.TryGetValue(column, out var indexes))
            {
                return null;
            }

            foreach (var index in indexes)
            {
                if (index < cells.Length && cells[index].Length > 0)
                {
                    return cells[index];
                }
            }

            return null;
        }

        string Header(RosterField column) => headers[columns[column][0]];

        // Every name the row gives, in the columns' order (ONDE: the usage name, then the birth name).
        var noms = columns.TryGetValue(RosterField.Nom, out var nomColumns)
            ? nomColumns.Where(i => i < cells.Length && cells[i].Length > 0).Select(i => cells[i]).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : [];

        void Error(RosterField column, string message) => issues.Add(new RosterIssue(line, Header(column), message));

        var nom = Cell(RosterField.Nom);
        var prenom = Cell(RosterField.Prenom);
        if (nom is null)
        {
            Error(RosterField.Nom, "Le nom est obligatoire.");
        }

        if (prenom is null)
        {
            Error(RosterField.Prenom, "Le prénom est obligatoire.");
        }

        // The user's own fields (lengths, a login's characters, the e-mail) follow UserFieldRules when the roster is
        // planned, for every source alike; the file's group names are checked here.
        foreach (var column in new[] { RosterField.Classe, RosterField.Niveau })
        {
            if (Cell(column) is { Length: > MaxFieldLength })
            {
                Error(column, $"Trop long : {MaxFieldLength} caractères au plus.");
            }
        }

        var login = Cell(RosterField.Login);
        var email = Cell(RosterField.Email);
        DateOnly? birthDate = null;
        if (Cell(RosterField.BirthDate) is { } dateText)
        {
            birthDate = FrenchDate.Parse(dateText, out var dateError);
            if (dateError is not null)
            {
                Error(RosterField.BirthDate, dateError);
            }
        }

        return new RosterRow(line)
        {
            Nom = nom ?? string.Empty,
            OtherNoms = noms.Skip(1).ToList(),
            Prenom = prenom ?? string.Empty,
            Login = login,
            Password = Cell(RosterField.Password),
            NationalId = Cell(RosterField.NationalId),
            EstablishmentId = Cell(RosterField.EstablishmentId),
            Email = email,
            LegalRepresentative1Email = Cell(RosterField.LegalRepresentative1Email),
            LegalRepresentative2Email = Cell(RosterField.LegalRepresentative2Email),
            BirthDate = birthDate,
            Classes = Cell(RosterField.Classe) is { } classe ? [classe] : [],
            Niveau = Cell(RosterField.Niveau),
            Groupes = SplitList(Cell(RosterField.Groupes)),
            Options = SplitList(Cell(RosterField.Options)),
        };
    }

    /// <summary>Groups and options are comma-separated inside their cell: « Foot, Chorale ».</summary>
    private static IReadOnlyList<string> SplitList(string? cell) => cell is null
        ? []
        : cell.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>Two lines with one Id National: neither is applied, since the file does not say which one is right.</summary>
    private static void FlagDuplicates(
        List<RosterRow> rows, RosterField column, Func<RosterRow, string?> key, string label,
        Dictionary<RosterField, string> headers, List<RosterIssue> issues)
    {
        foreach (var group in rows.Where(r => key(r) is not null).GroupBy(r => key(r)!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var lines = group.Select(r => r.Line).ToList();
            foreach (var row in group)
            {
                var others = string.Join(", ", lines.Where(l => l != row.Line));
                issues.Add(new RosterIssue(row.Line, headers[column],
                    $"{label} « {group.Key} » en double dans le fichier (aussi ligne {others})."));
            }
        }
    }

    private static string Describe(CsvMalformedReason reason, int line) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            $"Ligne illisible : un guillemet ouvert ligne {line} n'est jamais fermé, la suite du fichier n'a pas pu être lue.",
        CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote =>
            "Ligne illisible : guillemet mal placé (un champ contenant « ; » ou « \" » doit être entre guillemets, les guillemets doublés).",
        _ => "Ligne illisible.",
    };
}
