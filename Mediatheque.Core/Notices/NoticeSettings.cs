using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Mediatheque.Core.Notices;

/// <summary>What a school decided about notices, and the name they are signed with.</summary>
public sealed record NoticeSettings(string SchoolName, bool NotifyUsers, bool NotifyLegalRepresentatives);

/// <summary>
/// The stored choices (one row until a deployment holds several schools; then one per school). Defaults when no row
/// exists: users are told, legal representatives are not (the school turns that on).
/// </summary>
public class SchoolNoticeSettings
{
    public const int SingleSchool = 1;

    public int Id { get; set; } = SingleSchool;

    /// <summary>« Prévenir la personne concernée »: the user's own e-mail.</summary>
    public bool NotifyUsers { get; set; } = true;

    /// <summary>« Prévenir les responsables légaux »: off by default.</summary>
    public bool NotifyLegalRepresentatives { get; set; }

    public DateTime? UpdatedAt { get; set; }
}

/// <summary>
/// The one place notice settings are read and written, so that moving them to a school's own settings touches this
/// file only. The school's name is « Mediatheque:SchoolName » (the one on credential slips).
/// </summary>
public sealed class NoticeSettingsStore(IConfiguration configuration)
{
    public string SchoolName => configuration["Mediatheque:SchoolName"] is { Length: > 0 } name ? name : "votre école";

    public async Task<NoticeSettings> ReadAsync(MediathequeDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.NoticeSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == SchoolNoticeSettings.SingleSchool, cancellationToken)
            ?? new SchoolNoticeSettings();
        return new NoticeSettings(SchoolName, row.NotifyUsers, row.NotifyLegalRepresentatives);
    }

    /// <summary>Adds or changes the row in the caller's context, saved with its journal line.</summary>
    public async Task WriteAsync(MediathequeDbContext db, bool notifyUsers, bool notifyLegalRepresentatives, DateTime now, CancellationToken cancellationToken)
    {
        var row = await db.NoticeSettings.SingleOrDefaultAsync(s => s.Id == SchoolNoticeSettings.SingleSchool, cancellationToken);
        if (row is null)
        {
            row = db.NoticeSettings.Add(new SchoolNoticeSettings()).Entity;
        }

        row.NotifyUsers = notifyUsers;
        row.NotifyLegalRepresentatives = notifyLegalRepresentatives;
        row.UpdatedAt = now;
    }
}
