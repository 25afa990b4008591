using Mediatheque.Core.Groups;

namespace Mediatheque.Core.Users;

/// <summary>The grid's columns that sort.</summary>
public enum UserSort
{
    Nom = 0,
    Prenom = 1,
    Login = 2,
    NationalId = 3,
    EstablishmentId = 4,
}

/// <summary>
/// What « Liste des utilisateurs » shows: the search box, the filters, the sort and the page.
/// Groups are named (unique per type), so that a shared link reads « classe=Mme PAQUAY ».
/// </summary>
public sealed record UserQuery
{
    public const int DefaultPageSize = 25;

    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100];

    public string? Search { get; init; }

    public Profil? Profil { get; init; }

    public string? Classe { get; init; }

    public string? Niveau { get; init; }

    public string? Groupe { get; init; }

    public string? Option { get; init; }

    /// <summary>« Voir seulement les utilisateurs désactivés »: off, only active users; on, only deactivated ones.</summary>
    public bool DeactivatedOnly { get; init; }

    /// <summary>« Verrouillés »: only the accounts locked after too many failed sign-ins.</summary>
    public bool LockedOnly { get; init; }

    /// <summary>
    /// « voir aussi les résultats approchants »: when the search is exactly a user's identifier, that user first and
    /// then every other user the words match; without it, that user alone (<see cref="UserPage.ExactIdentifier"/>).
    /// </summary>
    public bool AlsoApproximate { get; init; }

    public UserSort Sort { get; init; } = UserSort.Nom;

    public bool Descending { get; init; }

    /// <summary>Zero-based, as MudDataGrid counts pages.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The group filters that are set, by type.</summary>
    public IEnumerable<(GroupType Type, string Name)> GroupFilters()
    {
        foreach (var (type, name) in new[]
                 {
                     (GroupType.Classe, Classe), (GroupType.Niveau, Niveau), (GroupType.Groupe, Groupe), (GroupType.Option, Option),
                 })
        {
            if (!string.IsNullOrWhiteSpace(name))
            {
                yield return (type, name.Trim());
            }
        }
    }
}

/// <summary>A row of the grid. <see cref="Classe"/> reads « Mme PAQUAY »; <see cref="Groups"/> « CE1, Foot »: levels, groups, options.</summary>
public sealed record UserRow(int Id, string Nom, string Prenom, Profil Profil, string Login, string? NationalId, string? EstablishmentId, string Classe, string Groups)
{
    /// <summary>The grid's status icons.</summary>
    public UserStatus Status { get; init; }

    /// <summary>« Parti le 04/09 »: a leaver who can still sign in (issue 21); null for anyone else.</summary>
    public string? Left { get; init; }
}

/// <summary>What the grid's status column shows about an account.</summary>
[Flags]
public enum UserStatus
{
    None = 0,

    /// <summary>Provided by the federated directory (while it is connected): its password is managed there.</summary>
    Directory = 1,

    /// <summary>Locked after too many failed sign-ins.</summary>
    Locked = 2,

    /// <summary>Must choose a new password at next sign-in.</summary>
    MustChange = 4,

    /// <summary>A password someone else set, never changed, older than <c>InitialPasswordDays</c>.</summary>
    InitialPasswordExpired = 8,

    Deactivated = 16,

    /// <summary>A QR sign-in card that still works.</summary>
    LoginCard = 32,
}

/// <summary>One page of the grid and how many users the whole filtered list holds.</summary>
public sealed record UserPage(IReadOnlyList<UserRow> Rows, int Total)
{
    /// <summary>
    /// The search is exactly the Identifiant, Id National or Id Établissement (ignoring case) of the users listed,
    /// who are all the list holds (« Identifiant exact »); <see cref="UserQuery.AlsoApproximate"/> adds the others.
    /// </summary>
    public bool ExactIdentifier { get; init; }
}

/// <summary>Where a user stands in the filtered, sorted list: the detail page's « précédent / suivant ».</summary>
public sealed record UserNeighbours(int? PreviousId, int? NextId, int Position, int Total);

/// <summary>The existing groups the filter selects offer, by type, in name order.</summary>
public sealed record UserFilterOptions(IReadOnlyList<Profil> Profiles, IReadOnlyDictionary<GroupType, IReadOnlyList<string>> Groups)
{
    public IReadOnlyList<string> Of(GroupType type) => Groups.TryGetValue(type, out var names) ? names : [];
}
