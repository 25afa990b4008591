using Mediatheque.Core.Accounts;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Notices;

/// <summary>
/// Turns a <see cref="CredentialChange"/> into its notices: one per recipient address, naming every user of the change
/// that address is told about (a parent of two pupils of a bulk reset gets one). Recipients follow the school's
/// settings as they are when the change is expanded: the user's own e-mail, and for a pupil the legal representatives'.
/// </summary>
public sealed class NoticeComposer(NoticeSettingsStore settingsStore, IOptions<SignInOptions> signIn)
{
    public async Task<List<Notice>> ComposeAsync(MediathequeDbContext db, CredentialChange change, DateTime now, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.ReadAsync(db, cancellationToken);
        var ids = change.Targets();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Nom, u.Prenom, u.Login, u.Profil, u.Email })
            .ToListAsync(cancellationToken);
        var representatives = settings.NotifyLegalRepresentatives && change.Kind != CredentialChangeKind.LockedOut
            ? await db.LegalRepresentatives.AsNoTracking()
                .Where(r => ids.Contains(r.UserId) && r.Email != null && r.User.Profil == Profil.Eleve)
                .OrderBy(r => r.UserId).ThenBy(r => r.Position)
                .Select(r => new { r.UserId, r.Email }).ToListAsync(cancellationToken)
            : [];

        // One notice per address, in the order the users come: a parent reading one mail for two children.
        var byAddress = new Dictionary<string, (string Address, bool ToRepresentative, List<NoticeSubject> About)>(StringComparer.OrdinalIgnoreCase);
        void Tell(string? address, NoticeSubject subject)
        {
            if (string.IsNullOrWhiteSpace(address) || UserFieldRules.Check(UserField.Email, address) is not null)
            {
                return;
            }

            address = address.Trim();
            if (!byAddress.TryGetValue(address, out var notice))
            {
                byAddress[address] = notice = (address, !subject.Self, []);
            }

            if (!notice.About.Any(s => s.UserId == subject.UserId && s.Self == subject.Self))
            {
                notice.About.Add(subject);
            }
        }

        var byId = users.ToDictionary(u => u.Id);
        foreach (var user in users.OrderBy(u => u.Nom).ThenBy(u => u.Prenom))
        {
            if (settings.NotifyUsers)
            {
                Tell(user.Email, new NoticeSubject(user.Id, user.Nom, user.Prenom, user.Login, Self: true));
            }
        }

        foreach (var representative in representatives.OrderBy(r => byId.TryGetValue(r.UserId, out var u) ? u.Nom + " " + u.Prenom : string.Empty))
        {
            if (byId.TryGetValue(representative.UserId, out var pupil))
            {
                Tell(representative.Email, new NoticeSubject(pupil.Id, pupil.Nom, pupil.Prenom, pupil.Login, Self: false));
            }
        }

        if (byAddress.Count == 0)
        {
            return [];
        }

        var by = NoticeText.By(await ActorAsync(db, change.ActorId, cancellationToken), await ActorClassesAsync(db, change.ActorId, cancellationToken));
        var subject = NoticeText.Subject(settings.SchoolName, change.Kind);
        return byAddress.Values.Select(n => new Notice
        {
            ChangeId = change.Id,
            Kind = change.Kind,
            Recipient = n.Address,
            ToLegalRepresentative = n.ToRepresentative,
            UserIds = string.Join(',', n.About.Select(s => s.UserId).Distinct()),
            Subject = subject,
            Body = NoticeText.Body(settings.SchoolName, change.Kind, change.At, by, n.About, signIn.Value.LockoutMinutes),
            Status = NoticeStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        }).ToList();
    }

    private static async Task<User?> ActorAsync(MediathequeDbContext db, int? actorId, CancellationToken cancellationToken) =>
        actorId is { } id ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken) : null;

    private static async Task<List<string>> ActorClassesAsync(MediathequeDbContext db, int? actorId, CancellationToken cancellationToken) =>
        actorId is { } id
            ? await db.Memberships.Where(m => m.UserId == id && m.Group.Type == GroupType.Classe).Select(m => m.Group.Name).ToListAsync(cancellationToken)
            : [];
}
