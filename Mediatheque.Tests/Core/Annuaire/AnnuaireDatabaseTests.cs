using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Annuaire;

namespace Mediatheque.Tests.Core.Annuaire;

/// <summary>
/// What the synchronisation's tests share: the class's slapd (<see cref="EcoleDirectory"/>) and, for each test, a
/// database of its own on <paramref name="provider"/>, configured for that directory and holding the administrator
/// LEBRUN Claire (« admin »).
/// </summary>
public abstract class AnnuaireDatabaseTests(EcoleDirectory directory, DatabaseProvider provider) : IClassFixture<EcoleDirectory>, IAsyncLifetime
{
    protected EcoleDirectory Directory => directory;

    protected DatabaseProvider Provider => provider;

    protected TestDatabase Database { get; private set; } = null!;

    protected User Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider, directory.Server.Settings());
        Admin = await Database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
    }

    /// <summary>
    /// Another database like <see cref="Database"/> (with « admin »), whose directory differs in one LDAP setting:
    /// a wrong service password, an unreachable address, a base that holds nobody.
    /// </summary>
    protected async Task<TestDatabase> DatabaseWhereAsync(string ldapSetting, string value)
    {
        var settings = directory.Server.Settings();
        settings[$"Mediatheque:Annuaire:Ldap:{ldapSetting}"] = value;
        var database = await TestDatabase.CreateAsync(provider, settings);
        await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        return database;
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
