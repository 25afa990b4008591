using Mediatheque.Core.Users;
using Mediatheque.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

public abstract class DatabaseTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase database = null!;

    public sealed class OnSqlite() : DatabaseTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : DatabaseTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Two_users_cannot_share_a_login_even_in_another_case()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm");

        var duplicate = () => database.AddUserAsync("BARBIER", "Mathis", login: "BM");

        await Assert.ThrowsAsync<DbUpdateException>(duplicate);
    }

    [Fact]
    public async Task Id_national_is_unique_when_set_and_many_users_may_have_none()
    {
        var first = await database.AddUserAsync("MARTIN", "Léa");
        var second = await database.AddUserAsync("MARTIN", "Hugo");
        await using (var db = database.CreateDbContext())
        {
            (await db.Users.FindAsync(first.Id))!.NationalId = "0123456789A";
            await db.SaveChangesAsync();
        }

        await using var again = database.CreateDbContext();
        (await again.Users.FindAsync(second.Id))!.NationalId = "0123456789a";

        await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
    }

    [Fact]
    public async Task Id_etablissement_is_unique_when_set()
    {
        var first = await database.AddUserAsync("PETIT", "Zoé");
        var second = await database.AddUserAsync("PETIT", "Noé");
        await using var db = database.CreateDbContext();
        (await db.Users.FindAsync(first.Id))!.EstablishmentId = "JF-001";
        (await db.Users.FindAsync(second.Id))!.EstablishmentId = "JF-001";

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task The_folded_search_key_finds_an_accented_name_typed_without_accents()
    {
        await database.AddUserAsync("LEFÈVRE", "Éloïse", login: "le");
        await database.AddUserAsync("MARTIN", "Louis", login: "ml");

        await using var db = database.CreateDbContext();
        var found = await db.Users.Where(u => u.SearchKey.Contains("eloise")).Select(u => u.Login).ToListAsync();
        var byName = await db.Users.Where(u => u.SearchKey.Contains("lefevre")).Select(u => u.Login).ToListAsync();

        Assert.Equal(["le"], found);
        Assert.Equal(["le"], byName);
    }

    [Fact]
    public async Task The_search_key_follows_a_rename()
    {
        var user = await database.AddUserAsync("DUPONT", "Anaïs", login: "da");
        await using (var db = database.CreateDbContext())
        {
            (await db.Users.FindAsync(user.Id))!.Nom = "Gaël-Moreau";
            await db.SaveChangesAsync();
        }

        var saved = await database.FindUserAsync("da");

        Assert.Contains("gael moreau", saved.SearchKey);
        Assert.DoesNotContain("dupont", saved.SearchKey);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_instead_of_overwriting_a_newer_one()
    {
        var user = await database.AddUserAsync("ROUX", "Chloé", login: "rc");
        await using var first = database.CreateDbContext();
        await using var second = database.CreateDbContext();
        var mine = await first.Users.SingleAsync(u => u.Id == user.Id);
        var theirs = await second.Users.SingleAsync(u => u.Id == user.Id);
        theirs.Email = "theirs@example.fr";
        theirs.Touch(DateTime.UtcNow);
        await second.SaveChangesAsync();

        mine.Email = "mine@example.fr";
        mine.Touch(DateTime.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
        Assert.Equal("theirs@example.fr", (await database.FindUserAsync("rc")).Email);
    }
}

/// <summary>What only the SQLite file has.</summary>
public sealed class SqliteFileTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task The_database_is_in_wal_mode()
    {
        await using var db = database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
