using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.PictureSignIn;

/// <summary>A pupil's tile on the class page: first name and picture, never the family name, nothing of the secret.</summary>
public sealed record ClassTile(int UserId, string Prenom, bool HasPhoto, Picture Picture);

/// <summary>What the class page shows: the class's name and its pupils who can sign in with pictures, by first name.</summary>
public sealed record ClassPage(int GroupId, string ClassName, IReadOnlyList<ClassTile> Tiles)
{
    public ClassTile? Tile(int userId) => Tiles.FirstOrDefault(t => t.UserId == userId);
}

/// <summary>A pupil's photo, for their tile.</summary>
public sealed record TilePhoto(byte[] Content, string ContentType);

/// <summary>
/// The pupil's side of picture sign-in (issue 24): the class page behind a class's address, and the sign-in with a
/// tile and three pictures. The same checks, lockout and journal as a password sign-in (<see cref="SignInService"/>):
/// each sequence is counted on the pupil's account by <see cref="Lockout"/> before it is checked, so a pupil's
/// password and pictures share one count (an attacker gets no more guesses by using both), and a right sequence
/// starts it again. Every wrong, revoked or malformed address gets the same answer.
/// </summary>
public sealed class PictureSignInService(
    IDbContextFactory<MediathequeDbContext> factory,
    Lockout lockout,
    AuditLog audit,
    TimeProvider clock)
{
    public const string InvalidAddressMessage = "Cette adresse de classe n'est plus valable";

    public const string WrongSequenceMessage = "Ce ne sont pas tes trois images. Essaie encore !";

    public const string LockedMessage = "Trop d'essais : demande à ton enseignant de débloquer ta connexion.";

    public const string ChooseTileMessage = "Touche ton prénom pour commencer.";

    /// <summary>The class behind the address, or null for every address that is not a live one.</summary>
    public async Task<ClassPage?> OpenAsync(string? code, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var page = await ClassAsync(db, code, cancellationToken);
        if (page is null)
        {
            return null;
        }

        var tiles = await (from u in Pupils(db, page.Value.GroupId)
                           join s in db.PictureSecrets on u.Id equals s.UserId
                           select new { u.Id, u.Prenom, HasPhoto = u.Photo != null, Tile = s.TileIndex })
            .ToListAsync(cancellationToken);
        return new ClassPage(page.Value.GroupId, page.Value.Name, tiles
            .Select(t => new ClassTile(t.Id, t.Prenom, t.HasPhoto, PictureSet.Tile(t.Tile)))
            .OrderBy(t => TextFolding.Fold(t.Prenom), StringComparer.Ordinal).ThenBy(t => t.UserId)
            .ToList());
    }

    /// <summary>A tile's photo: only for a pupil shown on this address's page.</summary>
    public async Task<TilePhoto?> PhotoAsync(string? code, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var page = await ClassAsync(db, code, cancellationToken);
        if (page is null)
        {
            return null;
        }

        var photo = await Pupils(db, page.Value.GroupId).Where(u => u.Id == userId && u.Photo != null)
            .Select(u => new { u.Photo, u.PhotoContentType }).SingleOrDefaultAsync(cancellationToken);
        return photo is null ? null : new TilePhoto(photo.Photo!, photo.PhotoContentType ?? "image/png");
    }

    /// <summary>
    /// The pupil of tile <paramref name="userId"/> tapped <paramref name="sequence"/> on the page of <paramref name="code"/>:
    /// signed in, or refused with the sentence to show. The sequence is never journaled.
    /// </summary>
    public async Task<SignInResult> SignInAsync(
        string? code, int userId, IReadOnlyList<Picture>? sequence, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var page = await ClassAsync(db, code, cancellationToken);
        if (page is null)
        {
            audit.Add(db, AuditAction.SignInFailed, null, null, "Adresse de classe inconnue ou révoquée (connexion par images)", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.Failed, Message: InvalidAddressMessage);
        }

        // Only a tile of this page: a crafted id of anyone else (another class, staff, a deactivated pupil) is no tile.
        var user = await Pupils(db, page.Value.GroupId).Include(u => u.Account).AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        var secret = user is null ? null : await db.PictureSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (user is null || secret is null)
        {
            return new SignInResult(SignInStatus.Failed, Message: ChooseTileMessage);
        }

        var where = $"Connexion par images, classe {page.Value.Name}";
        var admission = await lockout.AdmitAsync(db, user.Account, user.Login, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!admission.Admitted)
        {
            audit.Add(db, AuditAction.SignInRefused, user, user, $"Compte verrouillé ({where})", ipAddress);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInStatus.LockedOut, Message: LockedMessage);
        }

        if (sequence is not { Count: PictureSet.SequenceLength } || PictureSequences.Hash(user.Id, sequence) != secret.SequenceHash)
        {
            audit.Add(db, AuditAction.SignInFailed, user, user, $"Séquence d'images incorrecte ({where})", ipAddress);
            if (admission.TookLastPlace)
            {
                audit.Add(db, AuditAction.LockedOut, user, user, "Trop d'échecs de connexion par images", ipAddress);
            }

            await db.SaveChangesAsync(cancellationToken);
            return await lockout.LockedUntilAsync(db, user.Account, user.Login, cancellationToken) is not null
                ? new SignInResult(SignInStatus.LockedOut, Message: LockedMessage)
                : new SignInResult(SignInStatus.Failed, Message: WrongSequenceMessage);
        }

        await lockout.ClearAsync(db, user.Account, cancellationToken);
        await db.Accounts.Where(a => a.Id == user.AccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSignInAt, now), cancellationToken);
        audit.Add(db, AuditAction.SignIn, user, user, where, ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, SignedInUser.Of(user.Account, await AccountRow.LoadAsync(db, user.AccountId, cancellationToken)));
    }

    /// <summary>
    /// The class whose address carries this code; null for anything else, before the database is asked when it cannot be
    /// one. An address is unique in the deployment: it is looked up past the school filter, and the context then enters
    /// the class's school, so that its tiles, secrets and journal lines are that school's.
    /// </summary>
    private static async Task<(int GroupId, string Name)?> ClassAsync(MediathequeDbContext db, string? code, CancellationToken cancellationToken)
    {
        if (!LoginCardToken.LooksValid(code))
        {
            return null;
        }

        var hash = LoginCardToken.Hash(code!);
        var found = await db.ClassSignIns.IgnoreQueryFilters([MediathequeDbContext.SchoolFilter]).Where(c => c.CodeHash == hash)
            .Select(c => new { c.GroupId, c.Group.Name, c.Group.SchoolId }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        db.EnterSchool(found.SchoolId);
        return (found.GroupId, found.Name);
    }

    /// <summary>Who has a tile: the class's active pupils holding a secret.</summary>
    private static IQueryable<User> Pupils(MediathequeDbContext db, int groupId) =>
        db.Users.Where(u => u.IsActive && u.Profil == Profil.Eleve
            && u.Memberships.Any(m => m.GroupId == groupId)
            && db.PictureSecrets.Any(s => s.UserId == u.Id));
}
