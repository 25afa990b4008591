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

    [Fact]
    public async Task Jean_moulin_is_a_college_of_about_400_pupils_in_eight_divisions_with_20_teachers_and_its_administrator()
    {
        var jeanMoulin = await database.SchoolIdOfAsync(DemoSchool.JeanMoulinUai);
        await using var db = database.CreateDbContext(jeanMoulin);

        Assert.InRange(await db.Users.CountAsync(u => u.Profil == Profil.Eleve), 390, 410);
        Assert.Equal(["3A", "3B", "4A", "4B", "5A", "5B", "6A", "6B"], (await db.Groups.Where(g => g.Type == GroupType.Classe).Select(g => g.Name).ToListAsync()).Order());
        Assert.Equal(["3e", "4e", "5e", "6e"], (await db.Groups.Where(g => g.Type == GroupType.Niveau).Select(g => g.Name).ToListAsync()).Order());
        Assert.Equal(20, await db.Users.CountAsync(u => u.Profil == Profil.Enseignant));
        Assert.Equal(["moulin"], await db.Users.Where(u => u.Profil == Profil.Administrateur).Select(u => u.Login).ToListAsync());
    }

    [Fact]
    public async Task Roux_teaches_the_cm2_at_jules_ferry_and_the_6a_at_jean_moulin_with_one_account_and_admin_only_jules_ferry()
    {
        var signIn = database.Get<SignInService>();
        var roux = (await signIn.SignInAsync("roux", "roux-demo-2026")).User!;
        var admin = (await signIn.SignInAsync("admin", "admin-demo-2026")).User!;

        var places = await database.Get<Mediatheque.Core.Schools.MySchools>().OfAsync(roux.AccountId);
        Assert.Equal([DemoSchool.JeanMoulin, DemoSchool.JulesFerry], places.Select(p => p.Name));
        foreach (var place in places)
        {
            await using var db = database.CreateDbContext(place.SchoolId);
            var row = await db.Users.Include(u => u.Memberships).ThenInclude(m => m.Group).SingleAsync(u => u.Id == place.UserId);
            Assert.Equal(place.Name == DemoSchool.JulesFerry ? ["Niveau:CM2"] : ["Classe:6A"], row.Memberships.Select(m => $"{m.Group.Type}:{m.Group.Name}"));
        }

        Assert.Equal([DemoSchool.JulesFerry], (await database.Get<Mediatheque.Core.Schools.MySchools>().OfAsync(admin.AccountId)).Select(p => p.Name));
    }
}
