using Mediatheque.Core;
using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core.Backups;

/// <summary>A user as a backup file holds them.</summary>
public sealed record BackedUpUser(string Login, string Nom, AccountState State);

/// <summary>What a SQLite backup file holds, read through Core's own context, read-only: the file is left as it was.</summary>
public static class BackupFile
{
    /// <summary>Every user of every school in the file.</summary>
    public static async Task<IReadOnlyList<BackedUpUser>> UsersAsync(string path)
    {
        Assert.True(File.Exists(path), $"No backup file at {path}.");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Pooling off: nothing keeps the file open once read, so the test may remove or copy it.
            ["ConnectionStrings:Mediatheque"] = $"Data Source={path};Mode=ReadOnly;Pooling=False",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddMediathequeCore(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<MediathequeDbContext>>().CreateDbContextAsync();
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking().OrderBy(u => u.Login).ToListAsync();
        return users.Select(u => new BackedUpUser(u.Login, u.Nom, u.State)).ToList();
    }

    /// <summary>SQLite's own check of the whole file: « ok » for a sound database.</summary>
    public static async Task<string> IntegrityAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
