using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

public abstract class SignInTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : SignInTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : SignInTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        await database.AddUserAsync("BESSON", "Marion", login: "bm", password: "marion2026");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private SignInService SignIn => database.Get<SignInService>();

    [Fact]
    public async Task The_right_password_signs_in_whatever_the_case_of_the_login()
    {
        var result = await SignIn.SignInAsync("BM", "marion2026", "10.0.0.1");

        Assert.Equal(SignInStatus.Succeeded, result.Status);
        Assert.Equal("bm", result.User!.Login);
        Assert.NotNull((await database.FindUserAsync("bm")).Account.LastSignInAt);
    }

    [Theory]
    [InlineData("bm\0", "marion2026")]
    [InlineData("bm\u0001", "marion2026")]
    [InlineData("bm", "marion2026\0")]
    [InlineData("bm", "\0")]
    public async Task A_control_character_in_the_login_or_password_is_refused_like_a_wrong_password_and_counted(string login, string password)
    {
        // PostgreSQL cannot even store a NUL: the login must not reach the query.
        var result = await SignIn.SignInAsync(login, password, null);

        Assert.Equal((SignInStatus.Failed, SignInResult.InvalidMessage), (result.Status, result.Message));
        await using var db = database.CreateDbContext();
        // A login holding a control character is no one's: its line belongs to no school's journal.
        var lines = db.AuditEntries.IgnoreQueryFilters();
        Assert.Equal(1, await lines.CountAsync(a => a.Action == AuditAction.SignInFailed));
        Assert.False(await lines.AnyAsync(a => a.Action == AuditAction.SignIn));
    }

    [Fact]
    public async Task An_unknown_login_and_a_wrong_password_get_the_same_message()
    {
        var unknown = await SignIn.SignInAsync("personne", "marion2026", null);
        var wrong = await SignIn.SignInAsync("bm", "pas-le-bon", null);

        Assert.Equal(SignInStatus.Failed, unknown.Status);
        Assert.Equal(SignInStatus.Failed, wrong.Status);
        Assert.Equal(unknown.Message, wrong.Message);
        Assert.Equal("Identifiant ou mot de passe incorrect.", wrong.Message);
    }

    [Fact]
    public async Task The_fifth_failure_locks_the_account_even_against_the_right_password()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync("bm", "devine" + i, null)).Status);
        }

        var fifth = await SignIn.SignInAsync("bm", "devine5", null);
        var rightPassword = await SignIn.SignInAsync("bm", "marion2026", null);

        Assert.Equal(SignInStatus.LockedOut, fifth.Status);
        Assert.Contains("verrouillé pendant 15 minutes", fifth.Message);
        Assert.Equal(SignInStatus.LockedOut, rightPassword.Status);
    }

    [Fact]
    public async Task A_lockout_ends_after_15_minutes()
    {
        for (var i = 0; i < 5; i++)
        {
            await SignIn.SignInAsync("bm", "devine" + i, null);
        }

        database.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(SignInStatus.LockedOut, (await SignIn.SignInAsync("bm", "marion2026", null)).Status);

        database.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync("bm", "marion2026", null)).Status);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        for (var i = 0; i < 4; i++)
        {
            await SignIn.SignInAsync("bm", "devine" + i, null);
        }

        await SignIn.SignInAsync("bm", "marion2026", null);
        var afterwards = await SignIn.SignInAsync("bm", "encore-faux", null);

        Assert.Equal(SignInStatus.Failed, afterwards.Status);
        Assert.Equal(1, (await database.FindUserAsync("bm")).Account.FailedSignInCount);
    }

    [Fact]
    public async Task Simultaneous_wrong_guesses_are_all_counted()
    {
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => SignIn.SignInAsync("bm", "devine" + i, null)));

        Assert.Equal(3, (await database.FindUserAsync("bm")).Account.FailedSignInCount);
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in()
    {
        await database.AddUserAsync("PARTI", "Léo", login: "pl", password: "leo-2026-ok", active: false);

        var result = await SignIn.SignInAsync("pl", "leo-2026-ok", null);

        Assert.Equal(SignInStatus.Deactivated, result.Status);
        Assert.Contains("désactivé", result.Message);
    }

    [Fact]
    public async Task Failures_and_lockouts_are_journaled_with_the_address_and_never_the_password()
    {
        for (var i = 0; i < 5; i++)
        {
            await SignIn.SignInAsync("bm", "secret-tape" + i, "203.0.113.7");
        }

        await SignIn.SignInAsync("marion2026", "marion2026", "203.0.113.7");

        await using var db = database.CreateDbContext();
        // Every line, the unknown login's (in no school's journal) with the school's.
        var entries = await db.AuditEntries.IgnoreQueryFilters().ToListAsync();
        Assert.Equal(6, entries.Count(e => e.Action == AuditAction.SignInFailed));
        Assert.Equal(5, entries.Count(e => e.Action == AuditAction.SignInFailed && e.SchoolId == database.SchoolId));
        Assert.Single(entries, e => e.Action == AuditAction.LockedOut && e.TargetLogin == "bm");
        Assert.All(entries, e => Assert.Equal("203.0.113.7", e.IpAddress));
        Assert.All(entries, e => Assert.DoesNotContain("secret-tape", e.Details ?? string.Empty));
        Assert.All(entries, e => Assert.DoesNotContain("marion2026", (e.Details ?? string.Empty) + e.ActorLogin + e.TargetLogin));
    }

    [Fact]
    public async Task A_password_set_by_someone_else_ends_the_open_sessions()
    {
        var admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        var session = (await SignIn.SignInAsync("bm", "marion2026", null)).User!;
        var token = await database.Get<SessionStore>().StartAsync(session.AccountId, null);
        var marion = await database.FindUserAsync("bm");

        var reset = await database.Get<PasswordService>().ResetAsync(
            new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", MustChangeAtNextSignIn: true));

        Assert.True(reset.Succeeded, reset.Message);
        Assert.Null(await database.Get<SessionStore>().ValidateAsync(token, session.AccountId, session.SecurityStamp));
    }

    [Fact]
    public async Task A_user_changes_their_own_password_knowing_the_current_one()
    {
        var marion = await database.FindUserAsync("bm");
        var passwords = database.Get<PasswordService>();

        var wrongCurrent = await passwords.ChangeOwnAsync(marion.Id, "faux", "tigre-vert-47", "tigre-vert-47");
        var changed = await passwords.ChangeOwnAsync(marion.Id, "marion2026", "tigre-vert-47", "tigre-vert-47");

        Assert.Equal("Le mot de passe actuel est incorrect.", wrongCurrent.Message);
        Assert.True(changed.Succeeded);
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync("bm", "tigre-vert-47", null)).Status);
        Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync("bm", "marion2026", null)).Status);
    }
}
