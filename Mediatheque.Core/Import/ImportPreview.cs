using Mediatheque.Core.Roster;

namespace Mediatheque.Core.Import;

/// <summary>
/// What applying the file would do, computed without writing anything. Rows listed in
/// <see cref="Issues"/> are not applied; the rest are, if the administrator confirms.
/// </summary>
public sealed record ImportPreview(
    string FileName,
    ImportFormat? Format,
    int RowCount,
    IReadOnlyList<PlannedUser> Creates,
    IReadOnlyList<PlannedUser> Updates,
    IReadOnlyList<PlannedUser> Deactivations,
    IReadOnlyList<PlannedUser> Unchanged,
    IReadOnlyList<PlannedUser> ManagedByAnnuaire,
    IReadOnlyList<string> NewGroups,
    IReadOnlyList<RosterIssue> Issues,
    string Signature)
{
    public bool IsReadable => Format is not null;

    /// <summary>The school year a SIECLE or STS-Web file is for (« 2025-2026 »); null for a CSV.</summary>
    public string? SchoolYear { get; init; }

    /// <summary>People the file lists and the import leaves out on purpose (a pupil who left…).</summary>
    public IReadOnlyList<ImportSkip> Skipped { get; init; } = [];

    public int RowsInError => Issues.Where(i => i.Line > 0).Select(i => i.Line).Distinct().Count();

    /// <summary>Nothing to write: the school already matches the file (a re-import), or nothing could be read.</summary>
    public bool HasNothingToApply => Creates.Count == 0 && Updates.Count == 0 && Deactivations.Count == 0;

    internal static ImportPreview From(RosterPlan plan, ImportFile file, IReadOnlyList<ImportSkip> skipped)
    {
        // What the administrator approved: if the database moves before « Appliquer », the plan differs and is shown again.
        var signature = string.Join('\n',
            plan.Creates.Select(p => $"C{p.Line}:{p.Login}:{string.Join('|', p.Changes)}")
                .Concat(plan.Updates.Select(p => $"U{p.Line}:{p.Login}:{string.Join('|', p.Changes)}"))
                .Concat(plan.Deactivations.Select(p => $"D:{p.Login}"))
                .Concat(plan.Issues.Select(i => $"E{i.Line}:{i.Column}:{i.Message}")));
        return new ImportPreview(file.FileName, file.Format, file.Rows.Count, plan.Creates, plan.Updates, plan.Deactivations, plan.Unchanged,
            plan.ManagedElsewhere, plan.NewGroups, plan.Issues, signature)
        {
            SchoolYear = file.SchoolYear,
            Skipped = skipped,
        };
    }
}

/// <summary>A password set by the import, kept in memory for the slips and never stored in clear.</summary>
public sealed record ImportCredential(string Nom, string Prenom, string Login, string Password, string? Classe, bool MustChangePassword)
{
    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";
}

/// <summary>The result of applying: success with what was done and the passwords to hand over, or why nothing was written.</summary>
public sealed record ImportOutcome(OperationResult Result, ImportPreview? Applied, IReadOnlyList<ImportCredential> Credentials)
{
    public bool Succeeded => Result.Succeeded;

    public int PasswordsUnchanged { get; init; }

    public static ImportOutcome Fail(string message, ImportPreview? refreshed = null) => new(OperationResult.Fail(message), refreshed, []);
}
