using Mediatheque.Core.Users;

namespace Mediatheque.Core.Groups;

public class GroupMembership
{
    public int UserId { get; set; }

    public User User { get; set; } = null!;

    public int GroupId { get; set; }

    public Group Group { get; set; } = null!;
}
