namespace Mediatheque.Core.Groups;

/// <summary>The group types of the article, in the order the grid lists a user's groups.</summary>
public enum GroupType
{
    Classe = 0,
    Niveau = 1,
    Groupe = 2,
    Option = 3,
}

public static class GroupTypeExtensions
{
    public static string Label(this GroupType type) => type switch
    {
        GroupType.Classe => "Classe",
        GroupType.Niveau => "Niveau",
        GroupType.Groupe => "Groupes",
        GroupType.Option => "Options",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
