using Mediatheque.Core.Users;

namespace Mediatheque.Core.Groups;

/// <summary>
/// How many members of a group are (active, profil). The database keeps it, by triggers on Memberships and Users
/// (each provider's GridCounters migration), so that every writer (forms, import, annuaire, seed) updates it without
/// knowing; no code writes it. The grid counts a group filter from it: a level across a district has thousands of
/// members, and counting them row by row took most of that filter's time.
/// </summary>
public class GroupCount
{
    public int GroupId { get; set; }

    public bool IsActive { get; set; }

    public Profil Profil { get; set; }

    public int Count { get; set; }
}
