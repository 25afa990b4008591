using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Users;

namespace Mediatheque.Core.Schools;

/// <summary>
/// A school of the deployment (« établissement », known to the Éducation nationale by its UAI). Everything a school
/// administrator manages belongs to one school: its users (<see cref="User.SchoolId"/>), groups, journal, cards and
/// directory runs. The settings that differ from one school to the next live here, not in configuration.
/// </summary>
public class School
{
    public int Id { get; set; }

    /// <summary>« École élémentaire Jules-Ferry »: shown in the app bar and printed on slips and cards.</summary>
    public required string Name { get; set; }

    /// <summary>
    /// Unité administrative immatriculée, e.g. « 0999001A »: unique in the deployment when set. A database from before
    /// schools existed becomes a school whose UAI may be left to fill in (see <see cref="Uai"/>).
    /// </summary>
    public string? Uai { get; set; }

    /// <summary>Which pupils this school's teachers may reset (PRODUCT.md: their groups, or the whole school).</summary>
    public TeacherScope TeacherScope { get; set; }

    /// <summary>The federated directory's name as this school's users know it; null: the deployment's (Mediatheque:Annuaire:Name).</summary>
    public string? AnnuaireName { get; set; }

    /// <summary>Where this school's directory users change their password; null: the deployment's (Mediatheque:Annuaire:PasswordPageUrl).</summary>
    public string? AnnuairePasswordPageUrl { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Days a pupil who left the list stays « parti » (can still sign in) before being deactivated; 0: at once.</summary>
    public int PupilPartiDays { get; set; } = LeavingPeriods.PupilsDefault.PartiDays;

    /// <summary>Days a pupil who left stays « désactivé » before their personal data is erased; 0: at once.</summary>
    public int PupilDeactivatedDays { get; set; } = LeavingPeriods.PupilsDefault.DeactivatedDays;

    /// <summary>As <see cref="PupilPartiDays"/>, for staff.</summary>
    public int StaffPartiDays { get; set; } = LeavingPeriods.StaffDefault.PartiDays;

    /// <summary>As <see cref="PupilDeactivatedDays"/>, for staff.</summary>
    public int StaffDeactivatedDays { get; set; } = LeavingPeriods.StaffDefault.DeactivatedDays;

    /// <summary>
    /// The school year of the last list applied that names one (SIECLE: 2026 for 2026-2027): an older year's file is
    /// braked (RosterBrake). Null until such a list is applied.
    /// </summary>
    public int? LastRosterYear { get; set; }

    /// <summary>How long someone of this profile who left stays parti, then désactivé.</summary>
    public LeavingPeriods PeriodsFor(Profil profil) => profil == Profil.Eleve
        ? new LeavingPeriods(PupilPartiDays, PupilDeactivatedDays)
        : new LeavingPeriods(StaffPartiDays, StaffDeactivatedDays);
}
