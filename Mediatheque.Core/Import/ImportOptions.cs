using System.Collections.Immutable;

namespace Mediatheque.Core.Import;

/// <summary>Settings of the import page (configuration section « Mediatheque:Import »).</summary>
public sealed class ImportOptions
{
    public const string Section = "Mediatheque:Import";

    /// <summary>The largest file the page accepts, in megabytes; an ONDE export of 3,000 pupils is well under 1 MB.</summary>
    public int MaxFileSizeMegabytes { get; set; } = 5;

    public long MaxFileSizeBytes => MaxFileSizeMegabytes * 1024L * 1024L;
}

/// <summary>What the administrator ticked on the page before the preview.</summary>
public sealed record ImportChoices
{
    /// <summary>F051: « Les mots de passe peuvent également être mis à jour lors de l'import de la liste des élèves. »</summary>
    public bool UpdatePasswordsFromFile { get; init; }

    /// <summary>New pupils without a password in the file get a generated one, to change at their first sign-in.</summary>
    public bool GeneratePasswordsForNewPupils { get; init; } = true;

    /// <summary>
    /// The rentrée: the file is the school's whole new list. Pupils it does not name leave (parti, then désactivé and erased
    /// on the school's dates), last year's classes it leaves empty are archived, the safety brake applies and a backup is
    /// taken before anything is written.
    /// </summary>
    public bool AbsentPupilsLeave { get; init; }

    /// <summary>
    /// The classes, levels, groups and options the preview lists « à créer », with their pupils, confirmed once. Off
    /// unless ticked: a typo in a class name (« Mme PAQAY ») shows there as a new class of one pupil, and nothing is
    /// applied until the administrator mends the file or confirms.
    /// </summary>
    public bool CreateMissingGroups { get; init; }

    /// <summary>The administrator's decision on each near match the preview proposed, by the file's line: true accepted, false rejected.</summary>
    public ImmutableDictionary<int, bool> Proposals { get; init; } = ImmutableDictionary<int, bool>.Empty;

    /// <summary>The school's name, typed to apply a plan the safety brake stopped (RosterBrake).</summary>
    public string? BrakeConfirmation { get; init; }
    /// <summary>
    /// « Créer les comptes de direction »: STS-Web's direction (DIR) become ADMINISTRATEUR SECONDAIRE. Off unless ticked:
    /// an account that may administer the school is opened only when asked for.
    /// </summary>
    public bool CreateDirectionAccounts { get; init; }
}

/// <summary>How far the apply step is: passwords hashed so far out of all, then the save.</summary>
public sealed record ImportProgress(int Done, int Total, bool Saving = false)
{
    public double Percent => Total == 0 ? 100 : 100.0 * Done / Total;
}
