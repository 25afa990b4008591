using Mediatheque.Core.Roster;

namespace Mediatheque.Core.Import;

/// <summary>
/// What applying the file would do, computed without writing anything: each pupil's fate (arrives, moves, unchanged,
/// leaves with their dates), the classes to create with their pupils and those to archive, the near matches to decide,
/// the safety brake and the backup. Rows listed in <see cref="Issues"/> are not applied; the rest are, if the
/// administrator confirms.
/// </summary>
public sealed record ImportPreview(
    string FileName,
    ImportFormat? Format,
    int RowCount,
    IReadOnlyList<PlannedUser> Creates,
    IReadOnlyList<PlannedUser> Updates,
    IReadOnlyList<PlannedUser> Leaves,
    IReadOnlyList<PlannedUser> Unchanged,
    IReadOnlyList<PlannedUser> ManagedByAnnuaire,
    IReadOnlyList<PlannedGroup> NewGroups,
    IReadOnlyList<RosterIssue> Issues,
    string Signature)
{
    /// <summary>Last year's classes the rentrée leaves without pupils: archived when applied.</summary>
    public IReadOnlyList<PlannedGroup> Archived { get; init; } = [];

    /// <summary>Near matches, each accepted, rejected or (null) still to decide before applying.</summary>
    public IReadOnlyList<MatchProposal> Proposals { get; init; } = [];

    /// <summary>Why the safety brake stops this plan (with its figures), unless the school's name is typed; null when it does not.</summary>
    public string? Brake { get; init; }

    /// <summary>What happens to the database before applying: the backup the app takes, or that it takes none (PostgreSQL).</summary>
    public string? BackupNotice { get; init; }

    public bool IsReadable => Format is not null;

    /// <summary>The school year a SIECLE or STS-Web file is for (« 2025-2026 »); null for a CSV.</summary>
    public string? SchoolYear { get; init; }

    /// <summary>People the file lists and the import leaves out on purpose (a pupil who left…).</summary>
    public IReadOnlyList<ImportSkip> Skipped { get; init; } = [];

    public int RowsInError => Issues.Where(i => i.Line > 0).Select(i => i.Line).Distinct().Count();

    /// <summary>The updated pupils who change level or class: « CM1 → CM2, M. DURAND → Mme PAQUAY ».</summary>
    public IReadOnlyList<PlannedUser> Moves => Updates.Where(u => u.Move is not null).ToList();

    /// <summary>The updated pupils who stay in their class (a name, an e-mail, a return…).</summary>
    public IReadOnlyList<PlannedUser> OtherUpdates => Updates.Where(u => u.Move is null).ToList();

    public int Undecided => Proposals.Count(p => p.Accepted is null);

    /// <summary>Nothing to write and nothing to decide: the school already matches the file (a re-import), or nothing could be read.</summary>
    public bool HasNothingToApply => Creates.Count == 0 && Updates.Count == 0 && Leaves.Count == 0 && Archived.Count == 0 && Undecided == 0;

    internal static ImportPreview From(RosterPlan plan, ImportFile file, IReadOnlyList<ImportSkip> skipped, string? backupNotice)
    {
        // What the administrator approved: if the database moves before « Appliquer », the plan differs and is shown again.
        var signature = string.Join('\n',
            plan.Creates.Select(p => $"C{p.Line}:{p.Login}:{string.Join('|', p.Changes)}")
                .Concat(plan.Updates.Select(p => $"U{p.Line}:{p.Login}:{p.Match}:{string.Join('|', p.Changes)}"))
                .Concat(plan.Leaves.Select(p => $"L:{p.Login}"))
                .Concat(plan.NewGroups.Select(g => $"G:{g.Label}:{g.Pupils}"))
                .Concat(plan.Archived.Select(g => $"A:{g.Label}"))
                .Concat(plan.Proposals.Select(p => $"P{p.Line}:{p.UserId}:{p.Accepted}"))
                .Concat(plan.Issues.Select(i => $"E{i.Line}:{i.Column}:{i.Message}"))
                .Append($"B:{plan.Brake}"));
        return new ImportPreview(file.FileName, file.Format, file.Rows.Count, plan.Creates, plan.Updates, plan.Leaves, plan.Unchanged,
            plan.ManagedElsewhere, plan.NewGroups, plan.Issues, signature)
        {
            SchoolYear = file.SchoolYear,
            Skipped = skipped,
            Archived = plan.Archived,
            Proposals = plan.Proposals,
            Brake = plan.Brake,
            BackupNotice = backupNotice,
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

    /// <summary>The backup taken before applying (where it is), or why none was (PostgreSQL); null when none was needed.</summary>
    public string? Backup { get; init; }

    /// <summary>New people's first passwords, still to hash and save (<see cref="ImportService.SaveFirstPasswordsAsync"/>); null once done.</summary>
    public FirstPasswords? FirstPasswords { get; init; }

    /// <summary>New people left without a password: their first passwords were cancelled, or could not be saved.</summary>
    public int WithoutPassword { get; init; }

    public static ImportOutcome Fail(string message, ImportPreview? refreshed = null) => new(OperationResult.Fail(message), refreshed, []);
}

/// <summary>
/// The first passwords of the people an applied list created, waiting to be hashed: kept in memory only, like the slips
/// they become.
/// </summary>
public sealed class FirstPasswords
{
    internal FirstPasswords(int actorId, long importEntryId, string fileName, IReadOnlyList<FirstPassword> people) =>
        (ActorId, ImportEntryId, FileName, People) = (actorId, importEntryId, fileName, people);

    public int Count => People.Count;

    internal int ActorId { get; }

    internal long ImportEntryId { get; }

    internal string FileName { get; }

    internal IReadOnlyList<FirstPassword> People { get; }
}

internal sealed record FirstPassword(int UserId, string Nom, string Prenom, string Login, string Password, bool MustChange, string? Classe);
