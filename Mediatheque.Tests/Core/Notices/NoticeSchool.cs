using Mediatheque.Core.Groups;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core.Notices;

/// <summary>
/// A small school wired to the test SMTP server: an administrator, Mme PAQUAY and her class, where the BESSON
/// siblings share a parent (a.besson@…) and each has a second one, and a pupil without any e-mail.
/// </summary>
public sealed class NoticeSchool : IAsyncDisposable
{
    public const string Mother = "a.besson@famille.example.fr";
    public const string MarionsFather = "b.besson@famille.example.fr";
    public const string LeosStepfather = "c.martin@famille.example.fr";
    public const string TeacherEmail = "paquay@jules-ferry.example.fr";

    private NoticeSchool(TestDatabase database, SmtpServer smtp) => (Database, Smtp) = (database, smtp);

    public TestDatabase Database { get; }

    public SmtpServer Smtp { get; }

    public User Admin { get; private set; } = null!;

    public User Teacher { get; private set; } = null!;

    public User Marion { get; private set; } = null!;

    public User Leo { get; private set; } = null!;

    public User Zoe { get; private set; } = null!;

    public static async Task<NoticeSchool> CreateAsync(
        DatabaseProvider provider, SmtpServer smtp, bool mail = true, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        smtp.Clear();
        await smtp.StartAsync();
        var all = new Dictionary<string, string?> { ["Mediatheque:SchoolName"] = "École élémentaire Jules-Ferry" };
        foreach (var (key, value) in mail ? smtp.Settings() : new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var school = new NoticeSchool(await TestDatabase.CreateAsync(provider, all, configure), smtp);
        await school.SeedAsync();
        return school;
    }

    private async Task SeedAsync()
    {
        var classe = (GroupType.Classe, "Mme PAQUAY");
        Admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-password-2026");
        Teacher = await Database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-password-2026", groups: classe);
        Marion = await Database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: classe);
        Leo = await Database.AddUserAsync("BESSON", "Léo", Profil.Eleve, "bl", "leo-2026", groups: classe);
        Zoe = await Database.AddUserAsync("ZOLA", "Zoé", Profil.Eleve, "zz", "zoe-2026", groups: classe);
        await using var db = Database.CreateDbContext();
        await db.Users.Where(u => u.Id == Teacher.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, TeacherEmail));
        await db.Users.Where(u => u.Id == Admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, "direction@jules-ferry.example.fr"));
        db.LegalRepresentatives.AddRange(
            new LegalRepresentative { UserId = Marion.Id, Position = 1, Email = Mother },
            new LegalRepresentative { UserId = Marion.Id, Position = 2, Email = MarionsFather },
            new LegalRepresentative { UserId = Leo.Id, Position = 1, Email = Mother.ToUpperInvariant() },
            new LegalRepresentative { UserId = Leo.Id, Position = 2, Email = LeosStepfather });
        await db.SaveChangesAsync();
    }

    /// <summary>« Prévenir les responsables légaux » on (off by default).</summary>
    public async Task TellParentsAsync(bool users = true)
    {
        var saved = await Database.Get<NoticeSettingsService>().SaveAsync(Admin.Id, users, notifyLegalRepresentatives: true);
        Assert.True(saved.Succeeded, saved.Message);
    }

    /// <summary>One pass of this node's sender, as its hosted service runs it.</summary>
    public Task<NoticeRun> DeliverAsync() => DeliverAsync(Database.Services);

    public static async Task<NoticeRun> DeliverAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoticeDelivery>().RunOnceAsync();
    }

    public async Task<List<Notice>> NoticesAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Notices.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    public async Task<List<CredentialChange>> ChangesAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.CredentialChanges.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }

    public async Task<List<string>> JournalDetailsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Details ?? string.Empty).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await Smtp.StartAsync();
    }
}
