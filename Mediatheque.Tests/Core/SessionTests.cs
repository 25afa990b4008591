using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>
/// Server-side sessions: what ends one (sign-out, idle time, absolute lifetime, deactivation, a new security stamp
/// after a change of profile or of a teacher's groups), and what does not (activity, a pupil changing class).
/// </summary>
public abstract class SessionTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : SessionTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : SessionTests(DatabaseProvider.PostgreSql);

    private TestDatabase database = null!;
    private User admin = null!, paquay = null!, marion = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        marion = await database.AddUserAsync("BESSON", "Marion", login: "bm", password: "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", groups: (GroupType.Classe, "M. DURAND"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private SessionStore Sessions => database.Get<SessionStore>();

    private async Task<(string Token, SignedInUser User)> SignInAsync(string login, string password)
    {
        var user = (await database.Get<SignInService>().SignInAsync(login, password)).User!;
        return (await Sessions.StartAsync(user.AccountId, "192.0.2.1"), user);
    }

    private Task<SignedInUser?> ValidateAsync((string Token, SignedInUser User) session) =>
        Sessions.ValidateAsync(session.Token, session.User.AccountId, session.User.SecurityStamp);

    [Fact]
    public async Task A_session_lives_until_its_owner_signs_out_then_its_token_is_worthless()
    {
        var session = await SignInAsync("bm", "marion2026");

        var before = await ValidateAsync(session);
        await Sessions.EndAsync(session.Token);

        Assert.Equal("bm", before!.Login);
        Assert.Null(await ValidateAsync(session));
    }

    [Fact]
    public async Task The_database_holds_a_hash_of_the_token_not_the_token()
    {
        var session = await SignInAsync("bm", "marion2026");

        await using var db = database.CreateDbContext();
        var stored = await db.Sessions.SingleAsync();
        Assert.NotEqual(session.Token, stored.Id);
        Assert.DoesNotContain(session.Token, stored.Id, StringComparison.Ordinal);
        Assert.Equal(("192.0.2.1", marion.AccountId), (stored.IpAddress, stored.AccountId));
    }

    [Fact]
    public async Task A_token_is_only_good_for_the_user_it_was_given_to()
    {
        var session = await SignInAsync("bm", "marion2026");

        Assert.Null(await Sessions.ValidateAsync(session.Token, admin.Id, session.User.SecurityStamp));
        Assert.Null(await Sessions.ValidateAsync("un-jeton-invente", marion.Id, session.User.SecurityStamp));
    }

    [Fact]
    public async Task Activity_keeps_a_session_alive_thirty_idle_minutes_end_it()
    {
        var active = await SignInAsync("bm", "marion2026");
        var idle = await SignInAsync("paquay", "paquay-demo-2026");

        for (var i = 0; i < 3; i++)
        {
            database.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await ValidateAsync(active));
        }

        Assert.Null(await ValidateAsync(idle));
    }

    [Fact]
    public async Task However_active_a_session_ends_ten_hours_after_sign_in()
    {
        var session = await SignInAsync("bm", "marion2026");

        for (var i = 0; i < 29; i++)
        {
            database.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await ValidateAsync(session));
        }

        database.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Null(await ValidateAsync(session));
    }

    [Fact]
    public async Task A_change_of_profile_or_of_a_teachers_groups_ends_their_sessions_a_pupils_new_class_does_not()
    {
        var teacher = await SignInAsync("paquay", "paquay-demo-2026");
        var pupil = await SignInAsync("bm", "marion2026");
        var editor = database.Get<UserEditor>();
        var durandClass = (await editor.GetGroupsAsync(admin.Id)).Single(g => g.Name == "M. DURAND").Id;

        var movedTeacher = await editor.SaveAsync(admin.Id, await FormAsync(paquay) with { GroupIds = [durandClass] });
        var movedPupil = await editor.SaveAsync(admin.Id, await FormAsync(marion) with { GroupIds = [durandClass] });

        Assert.True(movedTeacher.Succeeded && movedPupil.Succeeded);
        Assert.Null(await ValidateAsync(teacher));
        Assert.NotNull(await ValidateAsync(pupil));

        var promoted = await editor.SaveAsync(admin.Id, await FormAsync(marion) with { Profil = Profil.Enseignant });
        Assert.True(promoted.Succeeded, promoted.Message);
        Assert.Null(await ValidateAsync(pupil));
    }

    [Fact]
    public async Task A_valid_session_answers_the_user_as_they_are_now()
    {
        var session = await SignInAsync("bm", "marion2026");

        var renamed = await database.Get<UserEditor>().SaveAsync(admin.Id, await FormAsync(marion) with { Nom = "BESSON-ROUX" });

        Assert.True(renamed.Succeeded, renamed.Message);
        Assert.Equal("BESSON-ROUX Marion", (await ValidateAsync(session))!.FullName);
    }

    [Fact]
    public async Task Actions_are_journaled_with_the_address_of_whoever_acts()
    {
        database.Get<ClientAddress>().Value = "203.0.113.50";

        var reset = await database.Get<PasswordService>().ResetAsync(new PasswordReset(admin.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", true));

        Assert.True(reset.Succeeded, reset.Message);
        await using var db = database.CreateDbContext();
        Assert.Equal("203.0.113.50", (await db.AuditEntries.SingleAsync(e => e.Action == AuditAction.PasswordReset)).IpAddress);
    }

    private async Task<UserEdit> FormAsync(User target)
    {
        var details = (await database.Get<UserEditor>().GetAsync(admin.Id, target.Id))!;
        return new UserEdit(details.Id, details.Version, details.Nom, details.Prenom, details.Profil, details.Login,
            details.NationalId, details.EstablishmentId, details.Email, details.NetworkFolder, details.Groups.Select(g => g.Id).ToList());
    }
}
