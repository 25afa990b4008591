using Mediatheque.Core.Groups;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Roster;

/// <summary>A person the roster creates, updates, makes leave or leaves alone, as a preview or a report lists them.</summary>
public sealed record PlannedUser(int? Line, string Nom, string Prenom, string Login, string? Classe, IReadOnlyList<string> Changes)
{
    public string FullName => $"{Nom.ToUpperInvariant()} {Prenom}";

    /// <summary>Why the row names this user (« Même INE », « Même nom, prénom et date de naissance »); null for a new user or a leaver.</summary>
    public string? Match { get; init; }

    /// <summary>« CM1 → CM2, M. DURAND → Mme PAQUAY »: the level and class the user moves from and to; null when they stay.</summary>
    public string? Move { get; init; }

    /// <summary>A leaver's dates: « parti le 01/09/2026, désactivé le 01/10/2026, supprimé le 30/11/2026 ».</summary>
    public string? Fate { get; init; }
}

/// <summary>A class (or level, group, option) the plan creates or archives, with how many pupils of the list it holds (held, for an archived one).</summary>
public sealed record PlannedGroup(GroupType Type, string Name, int Pupils)
{
    public string Label => $"{Type.Label()} « {Name} »";
}

/// <summary>
/// A near match the administrator accepts or rejects (issue 21: never applied silently): the row, the user it may name,
/// and why. <see cref="Accepted"/> is the decision the plan was made with, null while undecided.
/// </summary>
public sealed record MatchProposal(int Line, string RowName, int UserId, string UserName, string Login, string? Classe, string Reason, bool? Accepted);

/// <summary>A password the roster sets: hashed in parallel before the transaction, shown once on a slip.</summary>
internal sealed record PasswordWork(User User, string Password, bool MustChange, bool IsNew, string? Classe)
{
    /// <summary>The row changed other fields too, so the user's version was already bumped.</summary>
    public bool Touched { get; init; }
}

/// <summary>What the planner did to the tracked entities of its context, and the lists that describe it.</summary>
internal sealed class RosterPlan
{
    public List<PlannedUser> Creates { get; } = [];

    public List<PlannedUser> Updates { get; } = [];

    /// <summary>Users the source lists whom no row names: actif → parti (<see cref="AccountStates.AccountLife.Leave"/>).</summary>
    public List<PlannedUser> Leaves { get; } = [];

    public List<PlannedUser> Unchanged { get; } = [];

    /// <summary>Users the rows name but another authority manages (the import's directory pupils): left alone, listed apart.</summary>
    public List<PlannedUser> ManagedElsewhere { get; } = [];

    public List<PlannedGroup> NewGroups { get; } = [];

    /// <summary>Last year's classes the plan leaves without pupils: archived when it is applied.</summary>
    public List<PlannedGroup> Archived { get; } = [];

    public List<MatchProposal> Proposals { get; } = [];

    public List<RosterIssue> Issues { get; } = [];

    public List<PasswordWork> Passwords { get; } = [];

    /// <summary>The users <see cref="Leaves"/> lists, tracked: each gets a journal line when the plan is saved.</summary>
    public List<User> Leavers { get; } = [];

    /// <summary>Users whose login the roster changed: their account and their rows elsewhere follow when it is saved.</summary>
    public List<User> Renamed { get; } = [];

    /// <summary>The users to create, with their memberships and accounts: not tracked, they are bulk-inserted (see BulkInsert).</summary>
    public List<User> NewUsers { get; } = [];

    /// <summary>The school's actif pupils before the plan, and how many of them it makes leave: the safety brake's figures.</summary>
    public int ActivePupils { get; set; }

    public int LeavingPupils { get; set; }

    /// <summary>The pupils the source's rows name (read or not): a file of none is braked.</summary>
    public int PupilRows { get; set; }

    /// <summary>Why the plan is refused unless the administrator types the school's name (<see cref="RosterBrake"/>); null when it is not.</summary>
    public string? Brake { get; set; }

    public bool HasNothingToApply => Creates.Count == 0 && Updates.Count == 0 && Leaves.Count == 0;
}
