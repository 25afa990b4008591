namespace Mediatheque.Core.Annuaire;

/// <summary>
/// One synchronisation with the federated directory, as the « Annuaire » page shows the last one:
/// when and why it ran, what it did, and the entries it skipped with why.
/// </summary>
public class AnnuaireRun
{
    public int Id { get; set; }

    /// <summary>The school whose users the run synchronised: each school's « Annuaire » page shows its own runs.</summary>
    public int SchoolId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    /// <summary>« au démarrage », « planifiée », or the administrator who clicked « Synchroniser maintenant ».</summary>
    public required string Trigger { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>Why nothing was applied (directory unreachable, refused, interrupted); null when it succeeded.</summary>
    public string? Error { get; set; }

    /// <summary>Entries the directory returned.</summary>
    public int Entries { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    /// <summary>Users who left the directory and so the school: now parti (issue 21's states), désactivé and erased on the school's dates.</summary>
    public int Deactivated { get; set; }

    public int Unchanged { get; set; }

    /// <summary>Entries not applied, each reported in <see cref="Issues"/>.</summary>
    public int Skipped { get; set; }

    /// <summary>One French line per skipped entry (the first few hundred), e.g. « uid=x,ou=… : le nom (sn) est vide ».</summary>
    public string? Issues { get; set; }
}
