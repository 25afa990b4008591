using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Users;

/// <summary>
/// The detail form's service: reads a user for an actor, saves the fields the policy lets that actor
/// change, deactivates and reactivates. A field the actor may not change is refused here, not only
/// shown read-only.
/// </summary>
public sealed class UserEditor(
    IDbContextFactory<MediathequeDbContext> factory,
    UserPolicy policy,
    PasswordService passwords,
    PasswordPolicy passwordPolicy,
    PasswordHasher hasher,
    AuditLog audit,
    TimeProvider clock)
{
    public const int MaxPhotoBytes = 512 * 1024;

    /// <summary>
    /// The user as this actor may see them now, or null when they may not (the page then says
    /// <see cref="UserPolicy.NotVisibleReason"/>, the same for every id outside the actor's reach).
    /// </summary>
    public async Task<UserDetails?> GetAsync(int actorId, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (actor, target) = await db.ActorAndTargetAsync(actorId, userId, cancellationToken);
        if (actor is null || target is null)
        {
            return null;
        }

        var sharesGroup = await db.SharesGroupAsync(actorId, userId, cancellationToken);
        if (!policy.CanSee(actor, target, sharesGroup))
        {
            return null;
        }

        var groups = await db.Memberships.Where(m => m.UserId == userId)
            .Select(m => new GroupRef(m.Group.Id, m.Group.Name, m.Group.Type))
            .ToListAsync(cancellationToken);
        return new UserDetails(
            target.Id, target.Nom, target.Prenom, target.Profil, target.Login, target.NationalId, target.EstablishmentId,
            target.Email, target.NetworkFolder, target.Photo, target.PhotoContentType, target.IsActive,
            target.IsLockedOut(clock.GetUtcNow().UtcDateTime), target.Account.MustChangePassword, target.Source, target.DeactivatedBy,
            target.Account.LastSignInAt, target.Account.PasswordChangedAt, target.Version,
            groups.OrderBy(g => g.Type).ThenBy(g => g.Name).ToList(),
            policy.EditableFields(actor, target, sharesGroup),
            policy.CanResetPassword(actor, target, sharesGroup),
            policy.CanEdit(actor, target),
            policy.CanUnlock(actor, target, sharesGroup),
            policy.AssignableProfiles(actor),
            policy.AnnuaireManages(target) ? policy.AnnuaireReason(actor.School) : null)
        {
            State = target.State,
            LeftAt = target.LeftAt,
            StateNotice = AccountLife.Notice(target, actor.School.PeriodsFor(target.Profil)),
        };
    }

    /// <summary>The profiles the actor may give a new user; empty when they may create no one.</summary>
    public async Task<IReadOnlyList<Profil>> AssignableProfilesAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await db.ActorAsync(actorId, cancellationToken);
        return actor is null ? [] : policy.AssignableProfiles(actor);
    }

    /// <summary>Every group of the actor's school, for the administrators' « ajouter à un groupe »; none for anyone else.</summary>
    public async Task<IReadOnlyList<GroupRef>> GetGroupsAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!policy.CanAdminister(await db.ActorAsync(actorId, cancellationToken)))
        {
            return [];
        }

        // Last year's classes the rentrée archived are no longer offered (issue 21).
        return await db.Groups.Where(g => g.ArchivedAt == null).OrderBy(g => g.Type).ThenBy(g => g.Name)
            .Select(g => new GroupRef(g.Id, g.Name, g.Type)).ToListAsync(cancellationToken);
    }

    public async Task<UserSaveResult> SaveAsync(int actorId, UserEdit edit, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (actor, target) = await db.ActorAndTargetAsync(actorId, edit.UserId, cancellationToken);
        if (actor is null || target is null)
        {
            return Refused(UserField.None, UserPolicy.NotVisibleReason);
        }

        if (target.Version != edit.Version)
        {
            return new UserSaveResult(false, [], Conflict: true);
        }

        await db.Entry(target).Collection(u => u.Memberships).LoadAsync(cancellationToken);
        var sharesGroup = await db.SharesGroupAsync(actorId, target.Id, cancellationToken);
        var changed = ChangedFields(target, edit);
        var forbidden = changed & ~policy.EditableFields(actor, target, sharesGroup);
        if (forbidden != UserField.None)
        {
            var reason = policy.CanEdit(actor, target) is { Allowed: false } refusal
                ? refusal.Reason!
                : policy.AnnuaireManages(target) ? "Ces champs sont fournis par l'annuaire fédérateur." : null;
            return Refused(forbidden, $"Vous ne pouvez pas modifier : {Describe(forbidden)}. {reason}".Trim());
        }

        var errors = await ValidateAsync(db, actor, target, edit, changed, cancellationToken);
        if (errors.Count > 0)
        {
            return new UserSaveResult(false, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var details = new List<string>();
        var profilBefore = target.Profil;
        if ((changed & ~(UserField.Password | UserField.Groups)) != UserField.None)
        {
            Apply(target, edit);
            if (changed.HasFlag(UserField.Login))
            {
                await AccountLogins.RenameAsync(db, target, cancellationToken);
            }

            details.Add("Champs modifiés : " + Describe(changed & ~(UserField.Password | UserField.Groups)));
        }

        if (changed.HasFlag(UserField.Groups))
        {
            details.Add(await ApplyGroupsAsync(db, target, edit.GroupIds, cancellationToken));
        }

        if (changed.HasFlag(UserField.Password))
        {
            var reset = await passwords.ApplyResetAsync(
                db, actor, target, edit.NewPassword, edit.Confirmation, edit.MustChangePassword, revokeLoginCard: true, ipAddress, cancellationToken);
            if (!reset.Succeeded)
            {
                return new UserSaveResult(false, reset.Errors.Select(e => new FieldError(UserField.Password, e)).ToList());
            }
        }

        if (UserPolicy.ChangesWhatTheyMayDo(profilBefore, target.Profil, changed.HasFlag(UserField.Groups)))
        {
            // Their open sessions end: the next request or circuit check sends them to sign in as who they now are.
            target.RenewSecurityStamp();
        }

        if (details.Count > 0)
        {
            target.Touch(now);
            audit.Add(db, AuditAction.UserEdited, actor, target, string.Join(" ; ", details), ipAddress);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new UserSaveResult(false, [], Conflict: true);
        }
        catch (DbUpdateException)
        {
            // A race on a unique index between our check and the write: nothing was saved.
            return Refused(UserField.Login | UserField.NationalId | UserField.EstablishmentId,
                "Un autre utilisateur a pris entre-temps cet identifiant, cet identifiant national ou cet identifiant établissement. Rien n'a été enregistré.");
        }

        return UserSaveResult.Success;
    }

    /// <summary>
    /// « Nouvel utilisateur »: an administrator creates an account (a teacher, a late pupil) with a first
    /// password, in the profiles the policy lets them give. Returns the new user's id when it succeeds.
    /// </summary>
    public async Task<(UserSaveResult Result, int? UserId)> CreateAsync(
        int actorId, UserEdit draft, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await db.ActorAsync(actorId, cancellationToken);
        if (actor is null || policy.AssignableProfiles(actor).Count == 0)
        {
            return (Refused(UserField.None, "Seul un administrateur peut créer un utilisateur."), null);
        }

        var errors = await ValidateAsync(db, actor, new User { Account = new Account() }, draft, UserField.All, cancellationToken);
        errors.AddRange(passwordPolicy.Validate(draft.Profil, draft.NewPassword).Select(e => new FieldError(UserField.Password, e)));
        if (draft.NewPassword != draft.Confirmation)
        {
            errors.Add(new(UserField.Password, "Les deux mots de passe ne correspondent pas."));
        }

        if (errors.Count > 0)
        {
            return (new UserSaveResult(false, errors), null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // A new person, in the actor's school, with a login of their own.
        var user = new User { SchoolId = actor.SchoolId, CreatedAt = now, Account = new Account { Login = draft.Login, CreatedAt = now } };
        Apply(user, draft);
        user.SetPassword(await hasher.HashAsync(draft.NewPassword!), draft.MustChangePassword, now);
        user.Memberships.AddRange(draft.GroupIds.Distinct().Select(id => new GroupMembership { GroupId = id }));
        db.Users.Add(user);

        // The journal line names the new user's id, known once the row is written: one transaction for both.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (Refused(UserField.Login | UserField.NationalId | UserField.EstablishmentId,
                "Un autre utilisateur a pris entre-temps cet identifiant, cet identifiant national ou cet identifiant établissement. Rien n'a été enregistré."), null);
        }

        audit.Add(db, AuditAction.UserCreated, actor, user, $"Profil {user.Profil.Label()}", ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (UserSaveResult.Success, user.Id);
    }

    public async Task<OperationResult> SetActiveAsync(int actorId, int userId, bool active, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (actor, target) = await db.ActorAndTargetAsync(actorId, userId, cancellationToken);
        if (actor is null || target is null)
        {
            return OperationResult.Fail(UserPolicy.NotVisibleReason);
        }

        var decision = policy.CanDeactivate(actor, target);
        if (!decision.Allowed)
        {
            return OperationResult.Fail(decision.Reason!);
        }

        if (target.IsActive == active)
        {
            return OperationResult.Success;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (active)
        {
            // « Réactiver »: actif again (a leaver too), with the same login, password and history.
            AccountLife.Return(target, now);
        }
        else
        {
            // Deactivated here, the directory's synchronisation leaves them so even while they are in the directory.
            AccountLife.Deactivate(target, UserDeactivation.Administrator, now);
        }

        audit.Add(db, active ? AuditAction.UserReactivated : AuditAction.UserDeactivated, actor, target, null, ipAddress);
        return await db.SaveOrReportConflictAsync(cancellationToken);
    }

    public static string Describe(UserField fields) => string.Join(", ", Labels.Where(l => fields.HasFlag(l.Field)).Select(l => l.Label));

    private static readonly (UserField Field, string Label)[] Labels =
    [
        (UserField.Nom, "Nom"), (UserField.Prenom, "Prénom"), (UserField.Profil, "Profil"),
        (UserField.Login, "Identifiant de connexion"), (UserField.Password, "Mot de passe"),
        (UserField.NationalId, "Identifiant national"), (UserField.EstablishmentId, "Identifiant établissement"),
        (UserField.Email, "Email"), (UserField.NetworkFolder, "Chemin du dossier réseau"),
        (UserField.Photo, "Image de l'utilisateur"), (UserField.Groups, "Groupes"),
    ];

    private static UserField ChangedFields(User user, UserEdit edit)
    {
        var changed = UserField.None;
        void Compare(UserField field, string? current, string? proposed)
        {
            if (!string.Equals(Normalize(current), Normalize(proposed), StringComparison.Ordinal))
            {
                changed |= field;
            }
        }

        Compare(UserField.Nom, user.Nom, edit.Nom);
        Compare(UserField.Prenom, user.Prenom, edit.Prenom);
        Compare(UserField.Login, user.Login, edit.Login);
        Compare(UserField.NationalId, user.NationalId, edit.NationalId);
        Compare(UserField.EstablishmentId, user.EstablishmentId, edit.EstablishmentId);
        Compare(UserField.Email, user.Email, edit.Email);
        Compare(UserField.NetworkFolder, user.NetworkFolder, edit.NetworkFolder);
        if (user.Profil != edit.Profil)
        {
            changed |= UserField.Profil;
        }

        if (!string.IsNullOrEmpty(edit.NewPassword) || !string.IsNullOrEmpty(edit.Confirmation))
        {
            changed |= UserField.Password;
        }

        if (edit.Photo is not null)
        {
            changed |= UserField.Photo;
        }

        if (!user.Memberships.Select(m => m.GroupId).Order().SequenceEqual(edit.GroupIds.Distinct().Order()))
        {
            changed |= UserField.Groups;
        }

        return changed;
    }

    private async Task<List<FieldError>> ValidateAsync(
        MediathequeDbContext db, User actor, User target, UserEdit edit, UserField changed, CancellationToken cancellationToken)
    {
        // The fields' own rules (UserFieldRules), for the fields this save changes: a value stored before a rule
        // existed does not block an unrelated edit.
        var errors = UserFieldRules.Check(new UserFieldValues(
                edit.Nom, edit.Prenom, edit.Login, edit.NationalId, edit.EstablishmentId, edit.Email, edit.NetworkFolder))
            .Where(e => changed.HasFlag(e.Field)).ToList();
        // A login is unique in the whole deployment (sign-in has no school picker): checked against every account.
        var login = edit.Login.Trim();
        if (changed.HasFlag(UserField.Login) && !errors.Any(e => e.Field == UserField.Login)
            && await db.Accounts.AnyAsync(a => a.Id != target.AccountId && a.Login == login, cancellationToken))
        {
            errors.Add(new(UserField.Login, "Cet identifiant de connexion est déjà utilisé par un autre utilisateur."));
        }

        if (changed.HasFlag(UserField.Profil) && !policy.AssignableProfiles(actor).Contains(edit.Profil))
        {
            errors.Add(new(UserField.Profil, $"Vous ne pouvez pas attribuer le profil {edit.Profil.Label()}."));
        }

        var nationalId = Normalize(edit.NationalId);
        if (changed.HasFlag(UserField.NationalId) && nationalId is not null && !errors.Any(e => e.Field == UserField.NationalId)
            && await db.Users.AnyAsync(u => u.Id != target.Id && u.NationalId == nationalId, cancellationToken))
        {
            errors.Add(new(UserField.NationalId, "Cet identifiant national est déjà celui d'un autre utilisateur."));
        }

        var establishmentId = Normalize(edit.EstablishmentId);
        if (changed.HasFlag(UserField.EstablishmentId) && establishmentId is not null && !errors.Any(e => e.Field == UserField.EstablishmentId)
            && await db.Users.AnyAsync(u => u.Id != target.Id && u.EstablishmentId == establishmentId, cancellationToken))
        {
            errors.Add(new(UserField.EstablishmentId, "Cet identifiant établissement est déjà celui d'un autre utilisateur."));
        }

        if (edit.Photo is { Content.Length: > 0 } photo)
        {
            if (photo.Content.Length > MaxPhotoBytes)
            {
                errors.Add(new(UserField.Photo, $"L'image ne doit pas dépasser {MaxPhotoBytes / 1024} Ko."));
            }
            else if (ImageType(photo.Content) is null)
            {
                errors.Add(new(UserField.Photo, "L'image doit être au format PNG ou JPEG."));
            }
        }

        if (changed.HasFlag(UserField.Groups))
        {
            var known = await db.Groups.CountAsync(g => edit.GroupIds.Contains(g.Id), cancellationToken);
            if (known != edit.GroupIds.Distinct().Count())
            {
                errors.Add(new(UserField.Groups, "Un des groupes choisis n'existe plus."));
            }
        }

        return errors;
    }

    private static void Apply(User user, UserEdit edit)
    {
        user.Nom = edit.Nom;
        user.Prenom = edit.Prenom;
        user.Profil = edit.Profil;
        user.Login = edit.Login;
        user.NationalId = edit.NationalId;
        user.EstablishmentId = edit.EstablishmentId;
        user.Email = Normalize(edit.Email);
        user.NetworkFolder = Normalize(edit.NetworkFolder);
        if (edit.Photo is { } photo)
        {
            user.Photo = photo.Content.Length > 0 ? photo.Content : null;
            user.PhotoContentType = photo.Content.Length > 0 ? ImageType(photo.Content) : null;
        }
    }

    private static async Task<string> ApplyGroupsAsync(MediathequeDbContext db, User user, IReadOnlyList<int> groupIds, CancellationToken cancellationToken)
    {
        var wanted = groupIds.ToHashSet();
        var current = user.Memberships.Select(m => m.GroupId).ToHashSet();
        var names = await db.Groups.Where(g => wanted.Contains(g.Id) || current.Contains(g.Id))
            .ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);
        user.Memberships.RemoveAll(m => !wanted.Contains(m.GroupId));
        foreach (var id in wanted.Except(current))
        {
            user.Memberships.Add(new GroupMembership { UserId = user.Id, GroupId = id });
        }

        var added = wanted.Except(current).Select(id => "+" + names[id]);
        var removed = current.Except(wanted).Select(id => "−" + names[id]);
        return "Groupes : " + string.Join(", ", added.Concat(removed));
    }

    /// <summary>PNG or JPEG from the file's first bytes, never from the name the browser sent.</summary>
    private static string? ImageType(byte[] content) => content switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        _ => null,
    };

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static UserSaveResult Refused(UserField field, string message) => new(false, [new FieldError(field, message)]);
}
