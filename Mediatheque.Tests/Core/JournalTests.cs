using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;

namespace Mediatheque.Tests.Core;

public abstract class JournalTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : JournalTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : JournalTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private User admin = null!, marion = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private Journal Journal => database.Get<Journal>();

    [Fact]
    public async Task The_journal_lists_newest_first_and_filters_by_action_actor_and_target()
    {
        await database.Get<SignInService>().SignInAsync("bm", "faux-mot", "198.51.100.4");
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        await database.Get<PasswordService>().ResetAsync(new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", true));

        var all = await Journal.SearchAsync(admin.Id, new JournalQuery());
        var resets = await Journal.SearchAsync(admin.Id, new JournalQuery(Action: AuditAction.PasswordReset));
        var byAdmin = await Journal.SearchAsync(admin.Id, new JournalQuery(Actor: "ADMIN"));
        var aboutMarion = await Journal.SearchAsync(admin.Id, new JournalQuery(Target: "bm"));

        Assert.Equal([AuditAction.PasswordReset, AuditAction.SignInFailed], all.Lines.Select(l => l.Action));
        Assert.Equal(("admin", "bm"), (resets.Lines.Single().ActorLogin, resets.Lines.Single().TargetLogin));
        Assert.Single(byAdmin.Lines);
        Assert.Equal(2, aboutMarion.Total);
    }

    [Fact]
    public async Task Par_and_utilisateur_concerne_find_a_user_by_the_start_of_a_name_or_a_login()
    {
        var paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "spaquay");
        await database.Get<PasswordService>().ResetAsync(new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", true));
        await database.Get<PasswordService>().ResetAsync(new PasswordReset(admin.Id, paquay.Id, "un-long-mot-de-passe-47", "un-long-mot-de-passe-47", true));

        var aboutBesson = await Journal.SearchAsync(admin.Id, new JournalQuery(Target: "BESSON"));
        var aboutPaq = await Journal.SearchAsync(admin.Id, new JournalQuery(Target: "paq"));
        var byLebrun = await Journal.SearchAsync(admin.Id, new JournalQuery(Actor: "lebr"));
        var byLoginStart = await Journal.SearchAsync(admin.Id, new JournalQuery(Actor: "adm"));
        var aboutMarionBes = await Journal.SearchAsync(admin.Id, new JournalQuery(Target: "marion bes"));
        var nobody = await Journal.SearchAsync(admin.Id, new JournalQuery(Target: "esson"));

        Assert.Equal(["bm"], aboutBesson.Lines.Select(l => l.TargetLogin));
        Assert.Equal(["spaquay"], aboutPaq.Lines.Select(l => l.TargetLogin));
        Assert.Equal(2, byLebrun.Total);
        Assert.Equal(2, byLoginStart.Total);
        Assert.Equal(["bm"], aboutMarionBes.Lines.Select(l => l.TargetLogin));
        Assert.Equal(0, nobody.Total);
    }

    [Fact]
    public async Task A_start_after_the_end_is_said_rather_than_silently_empty()
    {
        await database.Get<SignInService>().SignInAsync("bm", "faux-1", null);

        var page = await Journal.SearchAsync(admin.Id, new JournalQuery(From: new DateOnly(2026, 9, 10), To: new DateOnly(2026, 9, 1)));

        Assert.Empty(page.Lines);
        Assert.Equal("La date de début (10/09/2026) est après la date de fin (01/09/2026) : aucune entrée ne peut s'y trouver. Inversez-les.", page.Refusal);
    }

    [Fact]
    public async Task The_export_is_the_filtered_journal_as_a_french_spreadsheet_csv()
    {
        await database.Get<SignInService>().SignInAsync("bm", "faux-1", "198.51.100.4");
        await database.Get<PasswordService>().ResetAsync(new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", true));
        using var csv = new MemoryStream();

        var refusal = await Journal.ExportAsync(admin.Id, new JournalQuery(Action: AuditAction.PasswordReset), csv);

        Assert.Null(refusal);
        var bytes = csv.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Date;Action;Par;Utilisateur concerné;Détails;Adresse", lines[0]);
        var line = Assert.Single(lines[1..]);
        Assert.StartsWith("01/09/2026 10:30:00;Mot de passe réinitialisé;admin;bm;", line);
    }

    [Fact]
    public async Task Only_an_administrator_exports_the_journal()
    {
        using var csv = new MemoryStream();

        var refusal = await Journal.ExportAsync(marion.Id, new JournalQuery(), csv);

        Assert.Equal(Journal.NotAllowed, refusal);
        Assert.Equal(0, csv.Length);
    }

    [Fact]
    public async Task Dates_filter_whole_days_in_the_schools_time_zone()
    {
        // The clock starts on 1 September 2026 at 08:30 UTC (10:30 in Paris).
        await database.Get<SignInService>().SignInAsync("bm", "faux-1", null);
        database.Clock.Advance(TimeSpan.FromDays(2));
        await database.Get<SignInService>().SignInAsync("bm", "faux-2", null);

        var firstDay = await Journal.SearchAsync(admin.Id, new JournalQuery(From: new DateOnly(2026, 9, 1), To: new DateOnly(2026, 9, 1)));
        var later = await Journal.SearchAsync(admin.Id, new JournalQuery(From: new DateOnly(2026, 9, 2)));

        Assert.Equal(1, firstDay.Total);
        Assert.Equal(1, later.Total);
    }

    [Fact]
    public async Task The_journal_is_paged_in_the_database()
    {
        // Seven failed sign-ins of the school's own users (four for one, three for the other: none locks).
        for (var i = 0; i < 7; i++)
        {
            await database.Get<SignInService>().SignInAsync(i % 2 == 0 ? "bm" : "admin", "x", null);
        }

        var page = await Journal.SearchAsync(admin.Id, new JournalQuery(Page: 1, PageSize: 5));

        Assert.Equal(7, page.Total);
        Assert.Equal(2, page.Lines.Count);
    }
}
