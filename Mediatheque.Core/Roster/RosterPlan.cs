namespace Mediatheque.Core.Roster;

/// <summary>A person the roster creates, updates, deactivates or leaves alone, as a preview or a report lists them.</summary>
public sealed record PlannedUser(int? Line, string Nom, string Prenom, string Login, string? Classe, IReadOnlyList<string> Changes)
{
    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";
}

/// <summary>A password the roster sets: hashed in parallel before the transaction, shown once on a slip.</summary>
internal sealed record PasswordWork(Users.User User, string Password, bool MustChange, bool IsNew, string? Classe)
{
    /// <summary>The row changed other fields too, so the user's version was already bumped.</summary>
    public bool Touched { get; init; }
}

/// <summary>What the planner did to the tracked entities of its context, and the lists that describe it.</summary>
internal sealed class RosterPlan
{
    public List<PlannedUser> Creates { get; } = [];

    public List<PlannedUser> Updates { get; } = [];

    public List<PlannedUser> Deactivations { get; } = [];

    public List<PlannedUser> Unchanged { get; } = [];

    /// <summary>Users the rows name but another authority manages (the import's directory pupils): left alone, listed apart.</summary>
    public List<PlannedUser> ManagedElsewhere { get; } = [];

    public List<string> NewGroups { get; } = [];

    public List<RosterIssue> Issues { get; } = [];

    public List<PasswordWork> Passwords { get; } = [];

    /// <summary>Users whose login the roster changed: their account and their rows elsewhere follow when it is saved.</summary>
    public List<Users.User> Renamed { get; } = [];

    /// <summary>The users to create, with their memberships and accounts: not tracked, they are bulk-inserted (see BulkInsert).</summary>
    public List<Users.User> NewUsers { get; } = [];

    public bool HasNothingToApply => Creates.Count == 0 && Updates.Count == 0 && Deactivations.Count == 0;
}
