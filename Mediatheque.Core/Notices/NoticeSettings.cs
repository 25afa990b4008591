using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Core.Notices;

/// <summary>What a school decided about notices, and the name they are signed with.</summary>
public sealed record NoticeSettings(string SchoolName, bool NotifyUsers, bool NotifyLegalRepresentatives);

/// <summary>
/// The stored choices, one row per school (its key is the school's id). Defaults when no row exists: users are told,
/// legal representatives are not (the school turns that on).
/// </summary>
public class SchoolNoticeSettings
{
    public int SchoolId { get; set; }

    /// <summary>« Prévenir la personne concernée »: the user's own e-mail.</summary>
    public bool NotifyUsers { get; set; } = true;

    /// <summary>« Prévenir les responsables légaux »: off by default.</summary>
    public bool NotifyLegalRepresentatives { get; set; }

    public DateTime? UpdatedAt { get; set; }
}

/// <summary>
/// The one place notice settings are read and written: the school the context entered
/// (<see cref="MediathequeDbContext.EnterSchool"/>), its name the one printed on its credential slips.
/// </summary>
public sealed class NoticeSettingsStore
{
    public async Task<NoticeSettings> ReadAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.NoticeSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new SchoolNoticeSettings();
        var name = await db.Schools.Where(s => s.Id == db.SchoolScope).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
        return new NoticeSettings(name is { Length: > 0 } ? name : "votre école", row.NotifyUsers, row.NotifyLegalRepresentatives);
    }

    /// <summary>Adds or changes the row in the caller's context, saved with its journal line.</summary>
    public async Task WriteAsync(MediathequeDbContext db, bool notifyUsers, bool notifyLegalRepresentatives, DateTime now, CancellationToken cancellationToken)
    {
        var row = await db.NoticeSettings.SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = db.NoticeSettings.Add(new SchoolNoticeSettings { SchoolId = db.SchoolScope }).Entity;
        }

        row.NotifyUsers = notifyUsers;
        row.NotifyLegalRepresentatives = notifyLegalRepresentatives;
        row.UpdatedAt = now;
    }
}
