namespace Mediatheque.Core.Groups;

/// <summary>A class (« Mme PAQUAY »), a level (« CE1 »), a group or an option (« Foot »).</summary>
public class Group
{
    public int Id { get; set; }

    /// <summary>The school the group belongs to: two schools may each have a « 6A ».</summary>
    public int SchoolId { get; set; }

    public required string Name { get; set; }

    public GroupType Type { get; set; }

    public List<GroupMembership> Memberships { get; set; } = [];
}
