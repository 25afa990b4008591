using Mediatheque.Core.Audit;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.AccountStates;

/// <summary>A school's periods, for pupils and for staff, as its settings show them.</summary>
public sealed record SchoolLeavingPeriods(LeavingPeriods Pupils, LeavingPeriods Staff)
{
    /// <summary>« 30 + 60 jours » and « 60 + 90 jours »: how the preview and the settings say them.</summary>
    public static string Describe(LeavingPeriods periods) => $"{periods.PartiDays} + {periods.DeactivatedDays} jours";
}

/// <summary>
/// The school's « Départs » settings: how long a leaver stays parti then désactivé, per profile. Every administrator of the
/// school reads them (the rentrée's preview uses them); only an ADMINISTRATEUR changes them, since they decide when
/// personal data is erased.
/// </summary>
public sealed class SchoolPeriods(IDbContextFactory<MediathequeDbContext> factory, UserPolicy policy, AuditLog audit)
{
    public const string NotAllowed = "Seul un administrateur de l'école peut modifier les durées avant désactivation et suppression.";

    public async Task<SchoolLeavingPeriods?> GetAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await db.ActorAsync(actorId, cancellationToken);
        return policy.CanAdminister(actor) ? Of(actor!.School) : null;
    }

    public async Task<OperationResult> SetAsync(int actorId, SchoolLeavingPeriods periods, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await db.ActorAsync(actorId, cancellationToken);
        if (actor is not { IsActive: true, Profil: Profil.Administrateur })
        {
            return OperationResult.Fail(NotAllowed);
        }

        var errors = new[] { periods.Pupils.Refusal("Élèves"), periods.Staff.Refusal("Personnel") }.OfType<string>().ToList();
        if (errors.Count > 0)
        {
            return OperationResult.Fail(errors);
        }

        var school = actor.School;
        (school.PupilPartiDays, school.PupilDeactivatedDays) = (periods.Pupils.PartiDays, periods.Pupils.DeactivatedDays);
        (school.StaffPartiDays, school.StaffDeactivatedDays) = (periods.Staff.PartiDays, periods.Staff.DeactivatedDays);
        audit.Add(db, AuditAction.SchoolChanged, actor, null,
            $"Comptes partis : élèves {SchoolLeavingPeriods.Describe(periods.Pupils)}, personnel {SchoolLeavingPeriods.Describe(periods.Staff)} (parti + désactivé, avant suppression).");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }

    public static SchoolLeavingPeriods Of(School school) => new(school.PeriodsFor(Profil.Eleve), school.PeriodsFor(Profil.Enseignant));
}
