using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>The grid's status column, the « verrouillés » filter and unlocking a selection.</summary>
public sealed class GridStatusTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private User paquay = null!, admin = null!, marion = null!, jules = null!, lucas = null!, ent = null!, parti = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Mediatheque:Annuaire:Enabled"] = "true",
            ["Mediatheque:Passwords:InitialPasswordDays"] = "30",
        });
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", groups: (GroupType.Classe, "Mme PAQUAY"));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        jules = await database.AddUserAsync("ARNAUD", "Jules", Profil.Eleve, "aj", groups: (GroupType.Classe, "Mme PAQUAY"));
        lucas = await database.AddUserAsync("MARTIN", "Lucas", Profil.Eleve, "ml", groups: (GroupType.Classe, "M. DURAND"));
        ent = await database.AddUserAsync("ROUX", "Chloé", Profil.Eleve, "rc", source: UserSource.Annuaire, groups: (GroupType.Classe, "Mme PAQUAY"));
        parti = await database.AddUserAsync("PETIT", "Léa", Profil.Eleve, "pl", active: false, groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private async Task LockAsync(params User[] users)
    {
        var until = database.Clock.GetUtcNow().UtcDateTime.AddMinutes(15);
        var ids = users.Select(u => u.Id).ToList();
        await using var db = database.CreateDbContext();
        var accounts = users.Select(u => u.AccountId).ToList();
        await db.Accounts.Where(a => accounts.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, until).SetProperty(a => a.FailedSignInCount, 5));
    }

    private async Task<Dictionary<string, UserStatus>> StatusesAsync(User actor, UserQuery query) =>
        (await database.Get<UserFinder>().SearchAsync(actor.Id, query)).Rows.ToDictionary(r => r.Login, r => r.Status);

    [Fact]
    public async Task Each_row_says_directory_locked_must_change_expired_deactivated_and_card()
    {
        await LockAsync(jules);
        await database.Get<PasswordService>().ResetAsync(new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", MustChangeAtNextSignIn: true));
        await database.Get<LoginCardService>().IssueAsync(admin.Id, UserSelection.Of(jules.Id));

        var statuses = await StatusesAsync(admin, new UserQuery { Classe = "Mme PAQUAY", Profil = Profil.Eleve });

        Assert.Equal(UserStatus.MustChange, statuses["bm"]);
        Assert.Equal(UserStatus.Locked | UserStatus.LoginCard, statuses["aj"]);
        Assert.Equal(UserStatus.Directory, statuses["rc"]);
        Assert.Equal(UserStatus.Deactivated, (await StatusesAsync(admin, new UserQuery { DeactivatedOnly = true }))["pl"]);

        database.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(UserStatus.MustChange | UserStatus.InitialPasswordExpired, (await StatusesAsync(admin, new UserQuery { Search = "besson" }))["bm"]);
    }

    [Fact]
    public async Task The_locked_filter_shows_the_locked_accounts_of_her_scope_only()
    {
        await LockAsync(jules, lucas);

        var page = await database.Get<UserFinder>().SearchAsync(paquay.Id, new UserQuery { LockedOnly = true });
        var all = await database.Get<UserFinder>().SearchAsync(admin.Id, new UserQuery { LockedOnly = true });

        Assert.Equal(["aj"], page.Rows.Select(r => r.Login));
        Assert.Equal(1, page.Total);
        Assert.Equal(2, all.Total);

        database.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(0, (await database.Get<UserFinder>().SearchAsync(admin.Id, new UserQuery { LockedOnly = true })).Total);
    }

    [Fact]
    public async Task A_teacher_unlocks_her_locked_pupils_in_bulk_and_no_one_else()
    {
        await LockAsync(jules, lucas);

        var outcome = await database.Get<PasswordService>().UnlockManyAsync(paquay.Id, UserSelection.Of(jules.Id, lucas.Id, marion.Id), "203.0.113.7");

        Assert.True(outcome.Result.Succeeded);
        Assert.Equal(1, outcome.Done);
        Assert.Null((await database.FindUserAsync("aj")).Account.LockedUntil);
        Assert.NotNull((await database.FindUserAsync("ml")).Account.LockedUntil);
        var reasons = outcome.Skipped.ToDictionary(s => s.UserId, s => s.Reason);
        Assert.Equal("Ce compte n'est pas verrouillé.", reasons[marion.Id]);
        Assert.Equal(BulkTargets.OutOfScope, reasons[lucas.Id]);
        await using var db = database.CreateDbContext();
        Assert.Equal(["aj"], await db.AuditEntries.Where(a => a.Action == AuditAction.Unlocked).Select(a => a.TargetLogin).ToListAsync());
    }

    [Fact]
    public async Task Select_all_of_the_locked_filter_unlocks_the_whole_filtered_list()
    {
        await LockAsync(jules, marion, lucas);

        var outcome = await database.Get<PasswordService>().UnlockManyAsync(admin.Id, UserSelection.All(new UserQuery { LockedOnly = true }));

        Assert.Equal(3, outcome.Done);
        Assert.Equal(0, (await database.Get<UserFinder>().SearchAsync(admin.Id, new UserQuery { LockedOnly = true })).Total);
    }
}
