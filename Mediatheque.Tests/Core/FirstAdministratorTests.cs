using Mediatheque.Core.Accounts;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;

namespace Mediatheque.Tests.Core;

public abstract class FirstAdministratorTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : FirstAdministratorTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : FirstAdministratorTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await database.DisposeAsync();

    private FirstAdministrator First => database.Get<FirstAdministrator>();

    [Fact]
    public async Task A_new_installation_gets_its_first_platform_administrator_who_then_signs_in()
    {
        var result = await First.CreateAsync("direction", "LEBRUN", "Claire", "une phrase bien longue", "une phrase bien longue");

        Assert.True(result.Succeeded, result.Message);
        var signIn = await database.Get<SignInService>().SignInAsync("direction", "une phrase bien longue", null);
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.Equal([SignedInUser.PlatformAdministratorRole], signIn.User!.Roles);
        Assert.Equal("LEBRUN Claire", signIn.User.FullName);
    }

    [Fact]
    public async Task A_database_of_one_school_with_its_administrators_still_gets_a_platform_administrator()
    {
        // Its administrators administer the school it became; nobody administers the platform yet.
        await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");

        var result = await First.CreateAsync("plateforme", "DUMAS", "Hélène", "une phrase bien longue", "une phrase bien longue");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(SignInStatus.Succeeded, (await database.Get<SignInService>().SignInAsync("plateforme", "une phrase bien longue", null)).Status);
    }

    [Fact]
    public async Task Once_a_platform_administrator_exists_the_command_creates_nothing()
    {
        Assert.True((await First.CreateAsync("plateforme", "DUMAS", "Hélène", "une phrase bien longue", "une phrase bien longue")).Succeeded);

        var result = await First.CreateAsync("porte", "DEROBEE", "Ève", "une phrase bien longue", "une phrase bien longue");

        Assert.Contains("Un administrateur de la plateforme existe déjà", result.Message);
        Assert.Equal(SignInStatus.Failed, (await database.Get<SignInService>().SignInAsync("porte", "une phrase bien longue", null)).Status);
    }

    [Fact]
    public async Task The_administrators_password_policy_applies()
    {
        var result = await First.CreateAsync("direction", "LEBRUN", "Claire", "azerty", "azerty");

        Assert.False(result.Succeeded);
        Assert.Contains("au moins 12 caractères", result.Message);
    }
}
