namespace Mediatheque.Core.Users;

public enum TeacherScope
{
    /// <summary>The pupils who share a group (class, group, option) with the teacher. The default.</summary>
    OwnGroups = 0,

    /// <summary>Every pupil of the school.</summary>
    WholeSchool = 1,
}

public sealed class PolicyOptions
{
    public const string Section = "Mediatheque:Policy";

    public TeacherScope TeacherScope { get; set; } = TeacherScope.OwnGroups;
}
