using Mediatheque.Core.Roster;

namespace Mediatheque.Core.Import;

/// <summary>A file as read: its format, the columns it has (with their header text), its rows and what was wrong in it.</summary>
public sealed record ImportFile(
    string FileName,
    ImportFormat? Format,
    string EncodingName,
    IReadOnlyDictionary<RosterField, string> Headers,
    IReadOnlyList<RosterRow> Rows,
    IReadOnlyList<RosterIssue> Issues)
{
    /// <summary>Whether the file could be read at all: a recognised format, no whole-file error.</summary>
    public bool IsReadable => Format is not null && !Issues.Any(i => i.Line == 0);

    /// <summary>The school the file says it is from (SIECLE's and STS-Web's UAJ); null for a CSV, which does not say.</summary>
    public string? Uai { get; init; }

    /// <summary>The school year the file is for, « 2025-2026 », shown in the preview; null for a CSV.</summary>
    public string? SchoolYear { get; init; }

    /// <summary>People the file lists but the import leaves out on purpose (a pupil who left, a CPE in STS-Web).</summary>
    public IReadOnlyList<ImportSkip> Skipped { get; init; } = [];

    public bool Has(RosterField column) => Headers.ContainsKey(column);

    /// <summary>The column's header as written in the file, for the error messages.</summary>
    public string ColumnName(RosterField column) => Headers.GetValueOrDefault(column) ?? column.Label();

    public static ImportFile Unreadable(string fileName, string message, string encodingName = "") =>
        new(fileName, null, encodingName, new Dictionary<RosterField, string>(), [], [new RosterIssue(0, null, message)]);
}

/// <summary>Someone the file lists and the import leaves out, with why: « BESSON Marion : sorti le 12/03 ».</summary>
public sealed record ImportSkip(int Line, string Name, string Reason);
