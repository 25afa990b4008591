using Mediatheque.Core;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>
/// Two people changing the same user at the same moment: the loser gets a French sentence (never an exception
/// that would crash their circuit), the winner's change stands, and nothing is half-written.
/// </summary>
public abstract class ConcurrentWritesTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : ConcurrentWritesTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : ConcurrentWritesTests(DatabaseProvider.PostgreSql);

    private const string Conflict = "Quelqu'un d'autre a modifié cet utilisateur au même moment : rien n'a été enregistré. Réessayez.";

    private readonly ConcurrentWriteInterceptor interceptor = new();
    private TestDatabase database = null!;
    private User admin = null!, secondaire = null!, paquay = null!, marion = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider, configure: ConcurrentWriteInterceptor.Install(interceptor));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        secondaire = await database.AddUserAsync("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire", "secondaire-demo-2026");
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private PasswordService Passwords => database.Get<PasswordService>();

    private Task<OperationResult> ResetAsync(User actor, User target, string password) =>
        Passwords.ResetAsync(new PasswordReset(actor.Id, target.Id, password, password, MustChangeAtNextSignIn: false));

    private async Task<SignInStatus> SignInAsync(string login, string password) =>
        (await database.Get<SignInService>().SignInAsync(login, password, null)).Status;

    [Fact]
    public async Task Of_two_simultaneous_resets_the_second_is_told_and_the_first_password_stands()
    {
        OperationResult? theirs = null;
        interceptor.BeforeNextSave = async () => theirs = await ResetAsync(paquay, marion, "tigre-vert-47");

        var mine = await ResetAsync(admin, marion, "lion-rouge-58");

        Assert.True(theirs!.Succeeded, theirs.Message);
        Assert.Equal(Conflict, mine.Message);
        Assert.Equal(SignInStatus.Succeeded, await SignInAsync("bm", "tigre-vert-47"));
        Assert.Equal(SignInStatus.Failed, await SignInAsync("bm", "lion-rouge-58"));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.PasswordReset));
    }

    [Fact]
    public async Task A_deactivation_overtaken_by_a_reset_is_refused_in_french()
    {
        interceptor.BeforeNextSave = async () => Assert.True((await ResetAsync(secondaire, marion, "tigre-vert-47")).Succeeded);

        var result = await database.Get<UserEditor>().SetActiveAsync(admin.Id, marion.Id, active: false);

        Assert.Equal(Conflict, result.Message);
        Assert.True((await database.FindUserAsync("bm")).IsActive);
    }

    [Fact]
    public async Task An_unlock_overtaken_by_another_save_is_refused_in_french()
    {
        await using (var db = database.CreateDbContext())
        {
            await db.Accounts.Where(a => a.Id == marion.AccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, DateTime.UtcNow.AddYears(1)));
        }

        interceptor.BeforeNextSave = async () => Assert.True((await ResetAsync(secondaire, marion, "tigre-vert-47")).Succeeded);

        var result = await Passwords.UnlockAsync(admin.Id, marion.Id);

        Assert.Equal(Conflict, result.Message);
    }

    [Fact]
    public async Task A_pupil_changing_her_password_while_her_teacher_resets_it_is_told_and_the_reset_stands()
    {
        interceptor.BeforeNextSave = async () => Assert.True((await ResetAsync(paquay, marion, "tigre-vert-47")).Succeeded);

        var result = await Passwords.ChangeOwnAsync(marion.Id, "marion2026", "ma-nouvelle-42", "ma-nouvelle-42");

        Assert.Equal(Conflict, result.Message);
        Assert.Equal(SignInStatus.Succeeded, await SignInAsync("bm", "tigre-vert-47"));
    }

    [Fact]
    public async Task A_burst_of_resets_of_one_pupil_never_throws_and_leaves_one_of_the_winning_passwords()
    {
        var actors = new[] { admin, secondaire, paquay };
        var attempts = Enumerable.Range(0, 9).Select(i => (Actor: actors[i % 3], Password: $"tigre-vert-{10 + i}")).ToList();

        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() => ResetAsync(a.Actor, marion, a.Password))));

        Assert.All(results, r => Assert.True(r.Succeeded || r.Message == Conflict, r.Message));
        var winners = attempts.Where((_, i) => results[i].Succeeded).Select(a => a.Password).ToList();
        Assert.NotEmpty(winners);
        var hash = (await database.FindUserAsync("bm")).Account.PasswordHash;
        Assert.Single(winners, p => database.Get<PasswordHasher>().Verify(p, hash));
    }
}
