using Mediatheque.Core.Accounts;
using Mediatheque.Core.Demo;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

public abstract class DemoSchoolTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : DemoSchoolTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : DemoSchoolTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        Assert.True(await database.Get<DemoSchool>().SeedIfEmptyAsync());
        // Today's school of the demo, as it always was; Jean-Moulin is its neighbour.
        database.SchoolId = await database.SchoolIdOfAsync(DemoSchool.JulesFerryUai);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task The_articles_example_is_there_exactly()
    {
        await using var db = database.CreateDbContext();
        var marion = await db.Users.Include(u => u.Memberships).ThenInclude(m => m.Group).SingleAsync(u => u.Login == "bm");

        Assert.Equal(("BESSON", "Marion", Profil.Eleve), (marion.Nom, marion.Prenom, marion.Profil));
        Assert.Equal(@"\\172.16.0.6\bm\perso", marion.NetworkFolder);
        Assert.Equal(
            ["Classe:Mme PAQUAY", "Niveau:CE1", "Option:Foot"],
            marion.Memberships.Select(m => $"{m.Group.Type}:{m.Group.Name}").Order());
    }

    [Fact]
    public async Task Every_demo_account_signs_in_with_its_readme_password()
    {
        foreach (var account in DemoSchool.Accounts)
        {
            var result = await database.Get<SignInService>().SignInAsync(account.Login, account.Password, null);
            Assert.Equal(SignInStatus.Succeeded, result.Status);
            Assert.Equal([account.Role], result.User!.Roles);
        }
    }

    [Fact]
    public async Task It_is_a_primary_school_of_about_250_pupils_in_10_classes()
    {
        await using var db = database.CreateDbContext();
        var pupils = await db.Users.CountAsync(u => u.Profil == Profil.Eleve);
        var classes = await db.Groups.Where(g => g.Type == GroupType.Classe).Select(g => g.Name).ToListAsync();
        var levels = await db.Groups.Where(g => g.Type == GroupType.Niveau).Select(g => g.Name).ToListAsync();

        Assert.InRange(pupils, 240, 260);
        Assert.Equal(10, classes.Count);
        Assert.Equal(["CE1", "CE2", "CM1", "CM2", "CP"], levels.Order());
        Assert.True(await db.Users.AnyAsync(u => !u.IsActive));
        Assert.True(await db.Users.AnyAsync(u => u.Source == UserSource.Annuaire));
        Assert.True(await db.Users.AnyAsync(u => u.Prenom == "Éloïse"));
    }

    [Fact]
    public async Task The_teachers_belong_to_their_own_class()
    {
        await using var db = database.CreateDbContext();
        var paquay = await db.Users.Include(u => u.Memberships).ThenInclude(m => m.Group).SingleAsync(u => u.Login == "paquay");
        var durand = await db.Users.Include(u => u.Memberships).ThenInclude(m => m.Group).SingleAsync(u => u.Login == "durand");

        Assert.Equal("Mme PAQUAY", Assert.Single(paquay.Memberships).Group.Name);
        Assert.Equal("M. DURAND", Assert.Single(durand.Memberships).Group.Name);
    }

    [Fact]
    public async Task A_second_start_keeps_the_data_and_does_not_reseed()
    {
        await using (var db = database.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Login == "bm")).Email = "marion@example.fr";
            await db.SaveChangesAsync();
        }

        var seededAgain = await database.Get<DemoSchool>().SeedIfEmptyAsync();

        Assert.False(seededAgain);
        Assert.Equal("marion@example.fr", (await database.FindUserAsync("bm")).Email);
        await using var check = database.CreateDbContext();
        Assert.Equal(1, await check.Users.CountAsync(u => u.Nom == "BESSON" && u.Prenom == "Marion"));
    }
}
