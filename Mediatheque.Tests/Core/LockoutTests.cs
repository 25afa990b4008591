using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>
/// The lockout as a guesser meets it: attempts counted before the password is checked, however many arrive at
/// once; a login that matches no account locks exactly like a real one; the password change form counts too.
/// </summary>
public abstract class LockoutTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : LockoutTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : LockoutTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private User marion = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        marion = await database.AddUserAsync("BESSON", "Marion", login: "bm", password: "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private SignInService SignIn => database.Get<SignInService>();

    [Fact]
    public async Task Forty_simultaneous_guesses_get_at_most_five_passwords_checked_and_the_right_one_among_them_does_not_sign_in()
    {
        // The right password is sent after the first five, while the rest of the burst is still arriving.
        var burst = Enumerable.Range(0, 40).Select(i => Task.Run(() => SignIn.SignInAsync("bm", "devine" + i, null))).ToList();
        await WaitUntilLockedAsync();
        var right = await SignIn.SignInAsync("bm", "marion2026", null);
        var results = await Task.WhenAll(burst);

        Assert.Equal(SignInStatus.LockedOut, right.Status);
        Assert.DoesNotContain(results, r => r.Status == SignInStatus.Succeeded);
        Assert.Equal(5, await PasswordsCheckedAsync());
    }

    [Fact]
    public async Task An_unknown_login_answers_exactly_like_a_real_one_locking_included()
    {
        var real = new List<SignInResult>();
        var unknown = new List<SignInResult>();
        for (var i = 0; i < 7; i++)
        {
            real.Add(await SignIn.SignInAsync("bm", "devine" + i, null));
            unknown.Add(await SignIn.SignInAsync("personne.inconnue", "devine" + i, null));
        }

        Assert.Equal(real.Select(r => (r.Status, r.Message)), unknown.Select(r => (r.Status, r.Message)));
        Assert.Equal(SignInStatus.LockedOut, unknown[^1].Status);
        Assert.Contains("verrouillé pendant 15 minutes", unknown[^1].Message);
    }

    [Fact]
    public async Task An_unknown_login_is_counted_whatever_its_case_and_never_stored_as_typed()
    {
        for (var i = 0; i < 5; i++)
        {
            await SignIn.SignInAsync(i % 2 == 0 ? "Personne.Inconnue" : "personne.inconnue", "mon-mot-de-passe" + i, null);
        }

        await using var db = database.CreateDbContext();
        var row = await db.UnknownLogins.SingleAsync();
        Assert.NotNull(row.LockedUntil);
        Assert.DoesNotContain("personne", row.LoginHash, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(64, row.LoginHash.Length);
    }

    [Fact]
    public async Task Simultaneous_first_guesses_at_an_unknown_login_are_all_counted()
    {
        // The worst interleaving, every time: all eight find no row for the login, one creates it, and the seven
        // others look only once it exists. Each must then count on that row, not take it for a lock.
        var race = RacingSignInInterceptor.FirstGuessesAtAnUnknownLogin(8);
        await using var racing = await TestDatabase.CreateAsync(provider, configure: race.Install);
        var signIn = racing.Get<SignInService>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => signIn.SignInAsync("fantome", "devine" + i, null))));

        Assert.Equal(8, race.Arrived);
        // Five were checked and three refused; a checked one may already answer « verrouillé » if the fifth locked meanwhile.
        Assert.All(results, r => Assert.Contains(r.Status, new[] { SignInStatus.Failed, SignInStatus.LockedOut }));
        Assert.InRange(results.Count(r => r.Status == SignInStatus.LockedOut), 3, 8);
        await using var db = racing.CreateDbContext();
        // A login that is no one belongs to no school: its lines are in no school's journal.
        var lines = db.AuditEntries.IgnoreQueryFilters().Where(e => e.SchoolId == null);
        Assert.Equal(5, await lines.CountAsync(e => e.Action == AuditAction.SignInFailed));
        Assert.Equal(3, await lines.CountAsync(e => e.Action == AuditAction.SignInRefused));
        Assert.Equal(1, await lines.CountAsync(e => e.Action == AuditAction.LockedOut));
        var row = await db.UnknownLogins.SingleAsync();
        Assert.Equal(5, row.FailedSignInCount);
        Assert.NotNull(row.LockedUntil);
    }

    [Fact]
    public async Task The_lock_is_journaled_once_when_the_last_places_are_taken_together()
    {
        // Five wrong passwords at once, each reading the row back only after all five have counted.
        var race = RacingSignInInterceptor.PlacesTakenTogether(5);
        await using var racing = await TestDatabase.CreateAsync(provider, configure: race.Install);
        await racing.AddUserAsync("BESSON", "Marion", login: "bm", password: "marion2026");
        var signIn = racing.Get<SignInService>();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Task.Run(() => signIn.SignInAsync("bm", "devine" + i, null))));

        Assert.Equal(5, race.Arrived);
        await using var db = racing.CreateDbContext();
        var lines = db.AuditEntries.IgnoreQueryFilters();
        Assert.Equal(5, await lines.CountAsync(e => e.Action == AuditAction.SignInFailed));
        Assert.Equal(1, await lines.CountAsync(e => e.Action == AuditAction.LockedOut));
    }

    [Fact]
    public async Task A_run_of_failures_older_than_the_window_is_forgotten()
    {
        for (var i = 0; i < 4; i++)
        {
            await SignIn.SignInAsync("bm", "devine" + i, null);
        }

        database.Clock.Advance(TimeSpan.FromMinutes(16));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync("bm", "encore" + i, null)).Status);
        }

        Assert.Equal(SignInStatus.LockedOut, (await SignIn.SignInAsync("bm", "la-cinquieme", null)).Status);
    }

    [Fact]
    public async Task Wrong_current_passwords_in_the_change_form_lock_the_account_and_are_journaled()
    {
        var passwords = database.Get<PasswordService>();
        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await passwords.ChangeOwnAsync(marion.Id, "devine" + i, "tigre-vert-47", "tigre-vert-47", "198.51.100.9")).Message);
        }

        var withTheRightOne = await passwords.ChangeOwnAsync(marion.Id, "marion2026", "tigre-vert-47", "tigre-vert-47");
        var signIn = await SignIn.SignInAsync("bm", "marion2026", null);

        Assert.All(answers.Take(4), a => Assert.Equal("Le mot de passe actuel est incorrect.", a));
        Assert.All(answers.Skip(4), a => Assert.Contains("verrouillé", a));
        Assert.Contains("verrouillé", withTheRightOne.Message);
        Assert.Equal(SignInStatus.LockedOut, signIn.Status);
        await using var db = database.CreateDbContext();
        var journal = await db.AuditEntries.Where(e => e.TargetId == marion.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(7, journal.Count(e => e.Action == AuditAction.PasswordChangeFailed));
        Assert.Single(journal, e => e.Action == AuditAction.LockedOut);
        Assert.All(journal.Where(e => e.Action == AuditAction.PasswordChangeFailed).Take(6), e => Assert.Equal("198.51.100.9", e.IpAddress));
    }

    [Fact]
    public async Task Simultaneous_wrong_current_passwords_get_at_most_five_checked()
    {
        var passwords = database.Get<PasswordService>();

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            passwords.ChangeOwnAsync(marion.Id, "devine" + i, "tigre-vert-47", "tigre-vert-47"))));

        await using var db = database.CreateDbContext();
        var failures = await db.AuditEntries.Where(e => e.Action == AuditAction.PasswordChangeFailed).Select(e => e.Details).ToListAsync();
        Assert.Equal(5, failures.Count(d => d == "Mot de passe actuel incorrect"));
        Assert.Equal(25, failures.Count(d => d == "Compte verrouillé"));
    }

    private async Task WaitUntilLockedAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = database.CreateDbContext();
            if (await db.Users.AnyAsync(u => u.Id == marion.Id && u.Account.LockedUntil != null))
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The burst never locked the account.");
    }

    /// <summary>Passwords actually checked: a failure or a success in the journal (refusals of a locked login are not checks).</summary>
    private async Task<int> PasswordsCheckedAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.AuditEntries.CountAsync(e => e.TargetId == marion.Id && (e.Action == AuditAction.SignInFailed || e.Action == AuditAction.SignIn));
    }
}
