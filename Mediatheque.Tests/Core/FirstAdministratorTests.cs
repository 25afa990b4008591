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
    public async Task A_new_school_gets_its_first_administrator_who_then_signs_in()
    {
        var result = await First.CreateAsync("direction", "LEBRUN", "Claire", "une phrase bien longue", "une phrase bien longue");

        Assert.True(result.Succeeded, result.Message);
        var signIn = await database.Get<SignInService>().SignInAsync("direction", "une phrase bien longue", null);
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.Equal(Profil.Administrateur, signIn.User!.Profil);
    }

    [Fact]
    public async Task Once_an_administrator_exists_the_command_creates_nothing()
    {
        await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");

        var result = await First.CreateAsync("porte", "DEROBEE", "Ève", "une phrase bien longue", "une phrase bien longue");

        Assert.Contains("Un administrateur existe déjà", result.Message);
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
