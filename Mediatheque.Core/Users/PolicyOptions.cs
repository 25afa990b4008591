namespace Mediatheque.Core.Users;

public enum TeacherScope
{
    /// <summary>The pupils who share a group (class, group, option) with the teacher. The default.</summary>
    OwnGroups = 0,

    /// <summary>Every pupil of the school.</summary>
    WholeSchool = 1,
}

/// <summary>
/// « Mediatheque:Policy:TeacherScope »: the teachers' scope of the school that a database from before schools existed
/// becomes (SchoolSetup, at its first start-up). Each school then keeps its own (<see cref="Schools.School.TeacherScope"/>).
/// </summary>
public sealed class PolicyOptions
{
    public const string Section = "Mediatheque:Policy";

    public TeacherScope TeacherScope { get; set; } = TeacherScope.OwnGroups;
}
