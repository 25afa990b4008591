using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Users;

/// <summary>
/// What a bulk action applies to: the users checked in the grid, or (with <see cref="AllMatching"/>) every
/// user of the grid's filtered list, all pages, except the <see cref="Ids"/> unchecked since.
/// </summary>
public sealed record UserSelection(IReadOnlyCollection<int> Ids, UserQuery? AllMatching = null)
{
    /// <summary>A whole school at most: a bulk action holds its users (and their new passwords) in memory.</summary>
    public const int MaxUsers = 3_000;

    public static UserSelection Of(params int[] ids) => new(ids);

    public static UserSelection All(UserQuery query, params int[] except) => new(except, query);

    /// <summary>
    /// « Inclure aussi les N membres du personnel », ticked in the confirmation: an action meant for pupils (a reset and
    /// its sheets) also applies to the staff selected. Off unless asked: a class's selection holds its teacher.
    /// </summary>
    public bool IncludeStaff { get; init; }
}

/// <summary>Whom a bulk action is meant for, before the policy is asked about each user.</summary>
public enum BulkAudience
{
    /// <summary>Everyone selected (unlocking, revoking cards).</summary>
    Everyone,

    /// <summary>The pupils selected; the staff only with <see cref="UserSelection.IncludeStaff"/> (a reset and its sheets).</summary>
    Pupils,
}

/// <summary>A user a bulk action left alone, and why. No name when the actor may not see that user at all.</summary>
public sealed record SkippedUser(int UserId, string? FullName, string? Login, string Reason);

/// <summary>What a bulk action would do, shown before it is confirmed: how many users, and who is skipped and why.</summary>
public sealed record BulkPlan(int Count, IReadOnlyList<SkippedUser> Skipped, string? Refusal = null)
{
    /// <summary>
    /// The staff selected for an action meant for pupils, named before it runs: left out of <see cref="Count"/>, they
    /// join it when the selection says <see cref="UserSelection.IncludeStaff"/> (the policy allows each of them).
    /// </summary>
    public IReadOnlyList<SkippedUser> Staff { get; init; } = [];

    /// <summary>Why no colleague can be part of this action, said before it runs (a teacher's reset), or null.</summary>
    public string? StaffNote { get; init; }

    public static BulkPlan Refused(string reason) => new(0, [], reason);
}

/// <summary>The answer to a bulk action without secrets to hand over: how many users it changed and who was left out.</summary>
public sealed record BulkOutcome(OperationResult Result, int Done, IReadOnlyList<SkippedUser> Skipped);

/// <summary>
/// Loads the selected users for a bulk action and asks the policy about each one, with the same facts a
/// single action gathers (the actor as they are now, shared groups): the scope is enforced here, whatever
/// ids a page sends.
/// </summary>
internal static class BulkTargets
{
    public const string TooMany = "Sélectionnez au plus 3 000 utilisateurs à la fois.";

    public const string OutOfScope = "Cet utilisateur ne fait pas partie de ceux que vous gérez.";

    public const string StaffLeftOut = "Membre du personnel, non inclus : cette action s'adresse aux élèves.";

    /// <summary>
    /// The actor (tracked), the users the decision allows (tracked, in name order) and the others with their reasons.
    /// For an action meant for <see cref="BulkAudience.Pupils"/>, the staff the decision allows are set apart in
    /// <see cref="Targets.Staff"/> unless the selection includes them.
    /// </summary>
    public static async Task<Targets> LoadAsync(
        MediathequeDbContext db, UserFinder directory, UserPolicy policy, int actorId, UserSelection selection,
        Func<User, User, bool, PolicyDecision> decide, CancellationToken cancellationToken, BulkAudience audience = BulkAudience.Everyone)
    {
        // The actor's school from here on: ids of another school's users are found as no one.
        var actor = await db.ActorAsync(actorId, cancellationToken);
        if (actor is not { IsActive: true })
        {
            return Targets.Refused("Votre compte est désactivé.");
        }

        var ids = selection.AllMatching is { } query
            ? (await directory.IdsAsync(actorId, query, UserSelection.MaxUsers + selection.Ids.Count + 1, cancellationToken))
                .Except(selection.Ids).ToList()
            : selection.Ids.Distinct().ToList();
        if (ids.Count > UserSelection.MaxUsers)
        {
            return Targets.Refused(TooMany);
        }

        var users = await db.Users.Where(u => ids.Contains(u.Id) && u.Id != actorId)
            .Include(u => u.Account)
            .Include(u => u.Memberships).ThenInclude(m => m.Group)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        await db.MarkWorkElsewhereAsync(users, cancellationToken);
        var actorGroups = await db.Memberships.Where(m => m.UserId == actorId).Select(m => m.GroupId).ToListAsync(cancellationToken);
        var allowed = new List<User>();
        var skipped = new List<SkippedUser>();
        var staff = new List<SkippedUser>();
        foreach (var id in ids.Where(id => id == actorId))
        {
            skipped.Add(new SkippedUser(id, actor.FullName, actor.Login, UserPolicy.OwnPasswordReason));
        }

        foreach (var missing in ids.Except(users.Select(u => u.Id)).Where(id => id != actorId))
        {
            skipped.Add(new SkippedUser(missing, null, null, "Cet utilisateur n'existe plus."));
        }

        foreach (var user in users.OrderBy(u => u.SortKey, StringComparer.Ordinal))
        {
            var sharesGroup = user.Memberships.Any(m => actorGroups.Contains(m.GroupId));
            if (!policy.CanSee(actor, user, sharesGroup))
            {
                // Named to no one who may not see them: a crafted id must not reveal who it is.
                skipped.Add(new SkippedUser(user.Id, null, null, OutOfScope));
                continue;
            }

            var decision = decide(actor, user, sharesGroup);
            if (decision.Allowed && audience == BulkAudience.Pupils && user.Profil.IsStaff() && !selection.IncludeStaff)
            {
                staff.Add(new SkippedUser(user.Id, user.FullName, user.Login, StaffLeftOut));
            }
            else if (decision.Allowed)
            {
                allowed.Add(user);
            }
            else
            {
                skipped.Add(new SkippedUser(user.Id, user.FullName, user.Login, decision.Reason!));
            }
        }

        // F051: a teacher never resets a colleague's password; she reads so before confirming, not in a refusal after.
        var staffNote = audience == BulkAudience.Pupils && actor.Profil == Profil.Enseignant ? UserPolicy.TeacherResetsPupilsOnly : null;
        return new Targets(actor, allowed, skipped, null) { Staff = staff, StaffNote = staffNote };
    }

    internal sealed record Targets(User? Actor, IReadOnlyList<User> Allowed, IReadOnlyList<SkippedUser> Skipped, string? Refusal)
    {
        /// <summary>The staff an action meant for pupils left out (see <see cref="BulkPlan.Staff"/>).</summary>
        public IReadOnlyList<SkippedUser> Staff { get; init; } = [];

        public string? StaffNote { get; init; }

        /// <summary>Everyone left out, the staff included: what the sheets page lists after the action.</summary>
        public IReadOnlyList<SkippedUser> AllSkipped => [.. Skipped, .. Staff];

        public static Targets Refused(string reason) => new(null, [], [], reason);

        public BulkPlan ToPlan() => Refusal is { } reason
            ? BulkPlan.Refused(reason)
            : new BulkPlan(Allowed.Count, Skipped) { Staff = Staff, StaffNote = StaffNote };
    }
}
