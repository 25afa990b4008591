namespace Mediatheque.Core.Import;

/// <summary>A problem found in the file: its line (0 for the whole file), the column as the file names it, a French reason.</summary>
public sealed record ImportIssue(int Line, string? Column, string Message);

/// <summary>One pupil as the file describes it. Empty cells are null; group lists are empty when the cell is.</summary>
public sealed record ImportRow(int Line)
{
    public string Nom { get; init; } = string.Empty;

    public string Prenom { get; init; } = string.Empty;

    public string? Login { get; init; }

    public string? Password { get; init; }

    public string? NationalId { get; init; }

    public string? SchoolId { get; init; }

    public string? Email { get; init; }

    public DateOnly? BirthDate { get; init; }

    public string? Classe { get; init; }

    public string? Niveau { get; init; }

    public IReadOnlyList<string> Groupes { get; init; } = [];

    public IReadOnlyList<string> Options { get; init; } = [];
}

/// <summary>A file as read: its format, the columns it has (with their header text), its rows and what was wrong in it.</summary>
public sealed record ImportFile(
    string FileName,
    ImportFormat? Format,
    string EncodingName,
    IReadOnlyDictionary<ImportColumn, string> Headers,
    IReadOnlyList<ImportRow> Rows,
    IReadOnlyList<ImportIssue> Issues)
{
    /// <summary>Whether the file could be read at all: a recognised format, no whole-file error.</summary>
    public bool IsReadable => Format is not null && !Issues.Any(i => i.Line == 0);

    public bool Has(ImportColumn column) => Headers.ContainsKey(column);

    /// <summary>The column's header as written in the file, for the error messages.</summary>
    public string ColumnName(ImportColumn column) => Headers.GetValueOrDefault(column) ?? column.Label();

    public static ImportFile Unreadable(string fileName, string message, string encodingName = "") =>
        new(fileName, null, encodingName, new Dictionary<ImportColumn, string>(), [], [new ImportIssue(0, null, message)]);
}
