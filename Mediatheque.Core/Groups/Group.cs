namespace Mediatheque.Core.Groups;

/// <summary>A class (« Mme PAQUAY »), a level (« CE1 »), a group or an option (« Foot »).</summary>
public class Group
{
    public int Id { get; set; }

    /// <summary>The school the group belongs to: two schools may each have a « 6A ».</summary>
    public int SchoolId { get; set; }

    public required string Name { get; set; }

    public GroupType Type { get; set; }

    /// <summary>
    /// Last year's class that the rentrée left without pupils: gone from the filters and the lists of groups, kept for the
    /// journal and the leavers who were in it. A later list that names it again brings it back.
    /// </summary>
    public DateTime? ArchivedAt { get; set; }

    public List<GroupMembership> Memberships { get; set; } = [];
}
