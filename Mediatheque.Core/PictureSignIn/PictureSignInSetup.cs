using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Schools;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.PictureSignIn;

/// <summary>A class on « Connexion par images »: its active pupils, how many hold a sequence, and whether it is on.</summary>
public sealed record PictureClass(int GroupId, string Name, int Pupils, int WithSequence, DateTime? EnabledAt, DateTime? AddressIssuedAt)
{
    public bool Enabled => EnabledAt is not null;
}

/// <summary>A pupil's picture card, printed once: their tile, first name, and their three pictures in order.</summary>
public sealed record PictureCard(int UserId, string Prenom, string ClassName, TilePhoto? Photo, Picture Tile, IReadOnlyList<Picture> Sequence);

/// <summary>
/// What a teacher prints after an action: the class's new address (the poster's QR code) when one was made, and the
/// cards of the sequences just drawn. The code and the sequences exist here and on paper only.
/// </summary>
public sealed record PictureHandout(OperationResult Result, string ClassName, string? Code, IReadOnlyList<PictureCard> Cards, IReadOnlyList<SkippedUser> Skipped)
{
    public static PictureHandout Refused(string reason) => new(OperationResult.Fail(reason), string.Empty, null, [], []);
}

/// <summary>What the detail page says about a pupil's picture sign-in, and whether the actor may give a new sequence.</summary>
public sealed record PictureSignInState(DateTime? IssuedAt, IReadOnlyList<string> EnabledClasses, PolicyDecision Renew);

/// <summary>
/// The staff's side of picture sign-in (issue 24): a class's teacher or an administrator turns it on (an address for
/// the class and a sequence for each pupil, to print), makes a new address (the old poster stops working), draws new
/// sequences (the old cards stop working), or turns it off. Sequences are drawn different within each of a pupil's
/// classes. Every change is journaled, in the same transaction.
/// </summary>
public sealed class PictureSignInSetup(
    IDbContextFactory<MediathequeDbContext> factory,
    UserFinder directory,
    UserPolicy policy,
    AuditLog audit,
    NoticeOutbox notices,
    TimeProvider clock)
{
    public const string NotEnabled = "La connexion par images n'est pas activée pour cette classe.";

    public const string AlreadyEnabled = "La connexion par images est déjà activée pour cette classe.";

    public const string NoEnabledClass = "La connexion par images n'est activée pour aucune classe de cet élève.";

    /// <summary>The classes the actor manages (a teacher's own, every class for an administrator), by name.</summary>
    public async Task<IReadOnlyList<PictureClass>> ClassesAsync(int actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var actor = await ActorAsync(db, actorId, cancellationToken);
        // Allowed for a class of theirs: a teacher or an administrator. Allowed for any class: an administrator.
        if (actor is null || !policy.CanManageClassSignIn(actor, memberOfClass: true).Allowed)
        {
            return [];
        }

        var classes = db.Groups.Where(g => g.Type == GroupType.Classe);
        if (!policy.CanManageClassSignIn(actor, memberOfClass: false).Allowed)
        {
            classes = classes.Where(g => g.Memberships.Any(m => m.UserId == actorId));
        }

        return await classes
            .OrderBy(g => g.Name)
            .Select(g => new PictureClass(
                g.Id,
                g.Name,
                g.Memberships.Count(m => m.User.IsActive && m.User.Profil == Profil.Eleve),
                g.Memberships.Count(m => m.User.IsActive && m.User.Profil == Profil.Eleve && db.PictureSecrets.Any(s => s.UserId == m.UserId)),
                db.ClassSignIns.Where(c => c.GroupId == g.Id).Select(c => (DateTime?)c.EnabledAt).FirstOrDefault(),
                db.ClassSignIns.Where(c => c.GroupId == g.Id).Select(c => (DateTime?)c.AddressIssuedAt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>« Activer »: the class's address and a new sequence for each of its active pupils, to print now.</summary>
    public async Task<PictureHandout> EnableAsync(int actorId, int groupId, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (group, refusal) = await ClassForAsync(db, actorId, groupId, cancellationToken);
        if (group is null)
        {
            return PictureHandout.Refused(refusal!);
        }

        if (await db.ClassSignIns.AnyAsync(c => c.GroupId == groupId, cancellationToken))
        {
            return PictureHandout.Refused(AlreadyEnabled);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var code = LoginCardToken.New();
        db.ClassSignIns.Add(new ClassSignIn { GroupId = groupId, CodeHash = LoginCardToken.Hash(code), EnabledAt = now, AddressIssuedAt = now });
        var (actor, cards, skipped) = await IssueForClassAsync(db, actorId, group, ipAddress, cancellationToken);
        audit.Add(db, AuditAction.PictureSignInEnabled, actor, null, $"Classe {group.Name} ; {FrenchCount.Of(cards.Count, "séquence attribuée", "séquences attribuées")}", ipAddress);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone turned it on meanwhile: their poster and cards stand, nothing of ours was written.
            return PictureHandout.Refused(AlreadyEnabled);
        }

        return new PictureHandout(OperationResult.Success, group.Name, code, cards, skipped);
    }

    /// <summary>« Nouvelle affiche »: a new address for the class; the previous poster and bookmarks find no class any more.</summary>
    public async Task<PictureHandout> NewAddressAsync(int actorId, int groupId, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (group, refusal) = await ClassForAsync(db, actorId, groupId, cancellationToken);
        var row = group is null ? null : await db.ClassSignIns.SingleOrDefaultAsync(c => c.GroupId == groupId, cancellationToken);
        if (group is null || row is null)
        {
            return PictureHandout.Refused(refusal ?? NotEnabled);
        }

        var code = LoginCardToken.New();
        row.CodeHash = LoginCardToken.Hash(code);
        row.AddressIssuedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(db, AuditAction.ClassAddressRenewed, await ActorAsync(db, actorId, cancellationToken), null,
            $"Classe {group.Name} ; l'adresse précédente ne fonctionne plus", ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        return new PictureHandout(OperationResult.Success, group.Name, code, [], []);
    }

    /// <summary>« Nouvelles séquences »: every active pupil of the class gets a new sequence; the cards printed before stop working.</summary>
    public async Task<PictureHandout> NewSequencesAsync(int actorId, int groupId, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (group, refusal) = await ClassForAsync(db, actorId, groupId, cancellationToken);
        if (group is null || !await db.ClassSignIns.AnyAsync(c => c.GroupId == groupId, cancellationToken))
        {
            return PictureHandout.Refused(refusal ?? NotEnabled);
        }

        var (_, cards, skipped) = await IssueForClassAsync(db, actorId, group, ipAddress, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new PictureHandout(OperationResult.Success, group.Name, null, cards, skipped);
    }

    /// <summary>« Nouvelle séquence » for one pupil (a lost card, a new pupil): their previous sequence stops working at once.</summary>
    public async Task<PictureHandout> NewSequenceAsync(int actorId, int userId, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var targets = await BulkTargets.LoadAsync(db, directory, policy, actorId, UserSelection.Of(userId), CanHaveSequence, cancellationToken);
        if (targets.Refusal is { } refusal)
        {
            return PictureHandout.Refused(refusal);
        }

        if (targets.Allowed.Count == 0)
        {
            // Someone the actor may not see gets the detail page's one answer; a visible one, the reason.
            return PictureHandout.Refused(targets.Skipped.FirstOrDefault(s => s.FullName is not null)?.Reason ?? UserPolicy.NotVisibleReason);
        }

        var className = await EnabledClassesOf(db, userId).FirstOrDefaultAsync(cancellationToken);
        if (className is null)
        {
            return PictureHandout.Refused(NoEnabledClass);
        }

        var cards = await IssueAsync(db, targets.Actor!, targets.Allowed, className, ipAddress, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new PictureHandout(OperationResult.Success, className, null, cards, []);
    }

    /// <summary>« Désactiver »: the address stops working, and the sequences of pupils in no other class using pictures are voided.</summary>
    public async Task<OperationResult> DisableAsync(int actorId, int groupId, string? ipAddress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (group, refusal) = await ClassForAsync(db, actorId, groupId, cancellationToken);
        var row = group is null ? null : await db.ClassSignIns.SingleOrDefaultAsync(c => c.GroupId == groupId, cancellationToken);
        if (group is null || row is null)
        {
            return OperationResult.Fail(refusal ?? NotEnabled);
        }

        db.ClassSignIns.Remove(row);
        var voided = await db.PictureSecrets
            .Where(s => db.Memberships.Any(m => m.UserId == s.UserId && m.GroupId == groupId)
                && !db.Memberships.Any(m => m.UserId == s.UserId && m.GroupId != groupId && db.ClassSignIns.Any(c => c.GroupId == m.GroupId)))
            .ToListAsync(cancellationToken);
        db.PictureSecrets.RemoveRange(voided);
        audit.Add(db, AuditAction.PictureSignInDisabled, await ActorAsync(db, actorId, cancellationToken), null,
            $"Classe {group.Name} ; {FrenchCount.Of(voided.Count, "séquence annulée", "séquences annulées")}", ipAddress);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>The pupil's picture sign-in for the detail page; null when the actor may not see this pupil or it is no pupil.</summary>
    public async Task<PictureSignInState?> StateAsync(int actorId, int userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var targets = await BulkTargets.LoadAsync(db, directory, policy, actorId, UserSelection.Of(userId), CanHaveSequence, cancellationToken);
        var pupil = targets.Allowed.FirstOrDefault();
        var skipped = targets.Skipped.FirstOrDefault(s => s.UserId == userId);
        if (pupil is null && skipped?.FullName is null)
        {
            return null;
        }

        var classes = await EnabledClassesOf(db, userId).ToListAsync(cancellationToken);
        var issuedAt = await db.PictureSecrets.Where(s => s.UserId == userId).Select(s => (DateTime?)s.IssuedAt).SingleOrDefaultAsync(cancellationToken);
        var renew = pupil is null ? PolicyDecision.No(skipped!.Reason)
            : classes.Count == 0 ? PolicyDecision.No(NoEnabledClass)
            : PolicyDecision.Yes;
        return new PictureSignInState(issuedAt, classes, renew);
    }

    /// <summary>Pupils only, active, and by someone who may unlock them (the directory owns passwords, not pictures).</summary>
    private PolicyDecision CanHaveSequence(User actor, User target, bool sharesGroup) =>
        target.Profil != Profil.Eleve ? PolicyDecision.No("La connexion par images est réservée aux élèves.")
        : !target.IsActive ? PolicyDecision.No("Ce compte est désactivé : réactivez-le avant de lui donner une séquence d'images.")
        : policy.CanUnlock(actor, target, sharesGroup);

    /// <summary>The class, when the actor may manage its picture sign-in; else the one refusal (a class id that is no class included).</summary>
    private async Task<(Group? Group, string? Refusal)> ClassForAsync(MediathequeDbContext db, int actorId, int groupId, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(db, actorId, cancellationToken);
        var group = await db.Groups.SingleOrDefaultAsync(g => g.Id == groupId && g.Type == GroupType.Classe, cancellationToken);
        if (actor is null || group is null)
        {
            return (null, actor is null ? UserPolicy.DeactivatedActorReason : UserPolicy.NotYourClassReason);
        }

        var member = await db.Memberships.AnyAsync(m => m.UserId == actorId && m.GroupId == groupId, cancellationToken);
        var decision = policy.CanManageClassSignIn(actor, member);
        return decision.Allowed ? (group, null) : (null, decision.Reason);
    }

    /// <summary>The actor as they are now; the context enters their school, whose classes and pupils are the only ones it sees.</summary>
    private static Task<User?> ActorAsync(MediathequeDbContext db, int actorId, CancellationToken cancellationToken) =>
        SchoolScope.ActorAsync(db, actorId, cancellationToken);

    private static IQueryable<string> EnabledClassesOf(MediathequeDbContext db, int userId) =>
        db.Memberships.Where(m => m.UserId == userId && db.ClassSignIns.Any(c => c.GroupId == m.GroupId))
            .OrderBy(m => m.Group.Name).Select(m => m.Group.Name);

    private async Task<(User? Actor, IReadOnlyList<PictureCard> Cards, IReadOnlyList<SkippedUser> Skipped)> IssueForClassAsync(
        MediathequeDbContext db, int actorId, Group group, string? ipAddress, CancellationToken cancellationToken)
    {
        var pupils = await db.Memberships
            .Where(m => m.GroupId == group.Id && m.User.IsActive && m.User.Profil == Profil.Eleve)
            .Select(m => m.UserId).ToArrayAsync(cancellationToken);
        var targets = await BulkTargets.LoadAsync(db, directory, policy, actorId, UserSelection.Of(pupils), CanHaveSequence, cancellationToken);
        var actor = targets.Actor ?? await ActorAsync(db, actorId, cancellationToken);
        var cards = await IssueAsync(db, actor!, targets.Allowed, group.Name, ipAddress, cancellationToken);
        return (actor, cards, targets.Skipped);
    }

    /// <summary>
    /// A new sequence for each pupil, different from every other sequence in the pupils' classes (the classmates'
    /// are compared by hash, those drawn in this batch in clear), and a tile picture for those without one.
    /// </summary>
    private async Task<IReadOnlyList<PictureCard>> IssueAsync(
        MediathequeDbContext db, User actor, IReadOnlyList<User> pupils, string className, string? ipAddress, CancellationToken cancellationToken)
    {
        var ids = pupils.Select(p => p.Id).ToList();
        var existing = await db.PictureSecrets.Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, cancellationToken);
        var classesOf = (await db.Memberships.Where(m => ids.Contains(m.UserId) && m.Group.Type == GroupType.Classe)
                .Select(m => new { m.UserId, m.GroupId }).ToListAsync(cancellationToken))
            .ToLookup(m => m.UserId, m => m.GroupId);
        var groupIds = classesOf.SelectMany(c => c).Distinct().ToList();
        var classmates = (await (from m in db.Memberships
                                 join s in db.PictureSecrets on m.UserId equals s.UserId
                                 where groupIds.Contains(m.GroupId) && !ids.Contains(m.UserId)
                                 select new { m.GroupId, s.UserId, s.SequenceHash, s.TileIndex }).ToListAsync(cancellationToken))
            .ToLookup(m => m.GroupId);

        var now = clock.GetUtcNow().UtcDateTime;
        var drawn = new HashSet<string>();
        var tilesGiven = new List<int>();
        var cards = new List<PictureCard>();
        foreach (var pupil in pupils)
        {
            var mates = classesOf[pupil.Id].SelectMany(g => classmates[g]).ToList();
            var hadOne = existing.TryGetValue(pupil.Id, out var secret);
            // Never the pupil's own sequence again: « Nouvelle séquence » means the card printed before stops working.
            var taken = mates.Select(m => (m.UserId, m.SequenceHash)).ToList();
            if (secret?.SequenceHash is { Length: > 0 } own)
            {
                taken.Add((pupil.Id, own));
            }

            var sequence = PictureSequences.DrawFree(taken, drawn);
            drawn.Add(PictureSequences.Keys(sequence));
            if (secret is null)
            {
                secret = db.PictureSecrets.Add(new PictureSecret
                {
                    UserId = pupil.Id,
                    TileIndex = FreeTile(mates.Select(m => m.TileIndex).Concat(tilesGiven)),
                }).Entity;
            }

            // The row is the secret: a new hash, and the old sequence signs no one in. A sequence replaced (a lost or
            // seen card) also ends what it may have opened: the pupil's sessions, as a password set by someone else does.
            secret.SequenceHash = PictureSequences.Hash(pupil.Id, sequence);
            if (hadOne)
            {
                pupil.RenewSecurityStamp();
            }

            secret.IssuedAt = now;
            tilesGiven.Add(secret.TileIndex);
            audit.Add(db, AuditAction.PictureSequenceIssued, actor, pupil,
                hadOne ? "La séquence précédente ne fonctionne plus" : null, ipAddress);
            var photo = pupil.Photo is { Length: > 0 } bytes ? new TilePhoto(bytes, pupil.PhotoContentType ?? "image/png") : null;
            cards.Add(new PictureCard(pupil.Id, pupil.Prenom, className, photo, PictureSet.Tile(secret.TileIndex), sequence));
        }

        notices.Add(db, CredentialChangeKind.PictureSequenceIssued, actor, pupils);
        return cards.OrderBy(c => TextFolding.Fold(c.Prenom), StringComparer.Ordinal).ThenBy(c => c.UserId).ToList();
    }

    /// <summary>The tile picture fewest classmates have (none, while the class is smaller than the set), chosen at random among those.</summary>
    private static int FreeTile(IEnumerable<int> used)
    {
        var counts = new int[PictureSet.Tiles.Count];
        foreach (var index in used.Where(i => i >= 0 && i < counts.Length))
        {
            counts[index]++;
        }

        var fewest = counts.Min();
        var candidates = Enumerable.Range(0, counts.Length).Where(i => counts[i] == fewest).ToList();
        return candidates[Random.Shared.Next(candidates.Count)];
    }
}
