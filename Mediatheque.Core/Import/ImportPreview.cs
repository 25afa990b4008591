namespace Mediatheque.Core.Import;

/// <summary>A pupil the import creates, updates, deactivates or leaves alone, as the preview lists it.</summary>
public sealed record PlannedPupil(int? Line, string Nom, string Prenom, string Login, string? Classe, IReadOnlyList<string> Changes)
{
    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";
}

/// <summary>
/// What applying the file would do, computed without writing anything. Rows listed in
/// <see cref="Issues"/> are not applied; the rest are, if the administrator confirms.
/// </summary>
public sealed record ImportPreview(
    string FileName,
    ImportFormat? Format,
    int RowCount,
    IReadOnlyList<PlannedPupil> Creates,
    IReadOnlyList<PlannedPupil> Updates,
    IReadOnlyList<PlannedPupil> Deactivations,
    IReadOnlyList<PlannedPupil> Unchanged,
    IReadOnlyList<PlannedPupil> ManagedByAnnuaire,
    IReadOnlyList<string> NewGroups,
    IReadOnlyList<ImportIssue> Issues,
    string Signature)
{
    public bool IsReadable => Format is not null;

    public int RowsInError => Issues.Where(i => i.Line > 0).Select(i => i.Line).Distinct().Count();

    /// <summary>Nothing to write: the school already matches the file (a re-import), or nothing could be read.</summary>
    public bool HasNothingToApply => Creates.Count == 0 && Updates.Count == 0 && Deactivations.Count == 0;
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
