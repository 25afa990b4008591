using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>« Réinitialiser les mots de passe » for a selection: scope and policy in the service, all or nothing, a journal line each.</summary>
public sealed class BulkPasswordResetTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private User paquay = null!, durand = null!, admin = null!, marion = null!, jules = null!, lucas = null!, ent = null!, parti = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Mediatheque:Annuaire:Enabled"] = "true",
            ["Mediatheque:Annuaire:Name"] = "ENT Occitanie",
        });
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        durand = await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", "durand-demo-2026", groups: (GroupType.Classe, "M. DURAND"));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        jules = await database.AddUserAsync("ARNAUD", "Jules", Profil.Eleve, "aj", "jules-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        lucas = await database.AddUserAsync("MARTIN", "Lucas", Profil.Eleve, "ml", "lucas-2026", groups: (GroupType.Classe, "M. DURAND"));
        ent = await database.AddUserAsync("ROUX", "Chloé", Profil.Eleve, "rc", "chloe-2026", UserSource.Annuaire, groups: (GroupType.Classe, "Mme PAQUAY"));
        parti = await database.AddUserAsync("PETIT", "Léa", Profil.Eleve, "pl", "lea-2026", active: false, groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private BulkPasswordReset Bulk => database.Get<BulkPasswordReset>();

    [Fact]
    public async Task A_teacher_resets_her_class_and_each_pupil_signs_in_with_the_password_on_the_slip()
    {
        var outcome = await Bulk.ApplyAsync(paquay.Id, UserSelection.All(new UserQuery { Classe = "Mme PAQUAY" }), "203.0.113.7");

        Assert.True(outcome.Result.Succeeded, outcome.Result.Message);
        Assert.Equal(["aj", "bm"], outcome.Credentials.Select(c => c.Login));
        foreach (var credential in outcome.Credentials)
        {
            Assert.Equal("Mme PAQUAY", credential.Classe);
            Assert.DoesNotContain(credential.Password, c => PasswordGenerator.LookAlikes.Contains(c));
            // Pupils' default: not asked to invent another (Mediatheque:Passwords:MustChangeByDefault:Eleve = false).
            Assert.False(credential.MustChangePassword);
            var signIn = await database.Get<SignInService>().SignInAsync(credential.Login, credential.Password, null);
            Assert.Equal(SignInStatus.Succeeded, signIn.Status);
            Assert.False(signIn.User!.MustChangePassword);
        }

        Assert.Equal(SignInStatus.Failed, (await database.Get<SignInService>().SignInAsync("bm", "marion2026", null)).Status);
    }

    [Fact]
    public async Task Users_she_may_not_reset_are_listed_with_the_reason_and_keep_their_password()
    {
        var outcome = await Bulk.ApplyAsync(paquay.Id, UserSelection.Of(marion.Id, ent.Id, lucas.Id, durand.Id, parti.Id, paquay.Id, 999_999));

        Assert.True(outcome.Result.Succeeded, outcome.Result.Message);
        Assert.Equal(["bm"], outcome.Credentials.Select(c => c.Login));
        var reasons = outcome.Skipped.ToDictionary(s => s.UserId);
        Assert.Contains("ENT Occitanie", reasons[ent.Id].Reason);
        Assert.Equal("ROUX Chloé", reasons[ent.Id].FullName);
        Assert.Contains("désactivé", reasons[parti.Id].Reason);
        Assert.Equal(UserPolicy.OwnPasswordReason, reasons[paquay.Id].Reason);
        Assert.Equal("Cet utilisateur n'existe plus.", reasons[999_999].Reason);
        // Out of her scope (another class's pupil, a colleague): refused without saying who they are.
        foreach (var hidden in new[] { lucas.Id, durand.Id })
        {
            Assert.Null(reasons[hidden].FullName);
            Assert.Null(reasons[hidden].Login);
            Assert.Equal(BulkTargets.OutOfScope, reasons[hidden].Reason);
        }

        foreach (var kept in new[] { ent, lucas, durand, parti })
        {
            Assert.Equal(kept.Account.PasswordHash, (await database.FindUserAsync(kept.Login)).Account.PasswordHash);
        }
    }

    [Fact]
    public async Task Select_all_for_a_teacher_covers_her_scope_only_whatever_the_filters_say()
    {
        var plan = await Bulk.PlanAsync(paquay.Id, UserSelection.All(new UserQuery()));

        Assert.Null(plan.Refusal);
        // Her class's active pupils: Marion and Jules; Chloé (directory) skipped with the reason; Lucas is not even counted.
        Assert.Equal(2, plan.Count);
        Assert.Equal([ent.Id], plan.Skipped.Select(s => s.UserId));

        var durandsClass = await Bulk.PlanAsync(paquay.Id, UserSelection.All(new UserQuery { Classe = "M. DURAND" }));
        Assert.Equal(0, durandsClass.Count);
    }

    [Fact]
    public async Task Select_all_leaves_out_the_users_unchecked_since()
    {
        var outcome = await Bulk.ApplyAsync(admin.Id, UserSelection.All(new UserQuery { Classe = "Mme PAQUAY", Profil = Profil.Eleve }, jules.Id));

        Assert.Equal(["bm"], outcome.Credentials.Select(c => c.Login));
        Assert.Equal(jules.Account.PasswordHash, (await database.FindUserAsync("aj")).Account.PasswordHash);
    }

    [Fact]
    public async Task Staff_included_get_the_staff_default_and_are_asked_to_change()
    {
        var outcome = await Bulk.ApplyAsync(admin.Id, UserSelection.Of(paquay.Id, marion.Id) with { IncludeStaff = true });

        var staff = Assert.Single(outcome.Credentials, c => c.Login == "paquay");
        Assert.True(staff.MustChangePassword);
        Assert.True(staff.Password.Length >= database.Get<PasswordPolicy>().MinLength(Profil.Enseignant));
        Assert.True((await database.FindUserAsync("paquay")).Account.MustChangePassword);
        Assert.False((await database.FindUserAsync("bm")).Account.MustChangePassword);
    }

    [Fact]
    public async Task Every_reset_user_gets_a_journal_line_without_the_password()
    {
        var outcome = await Bulk.ApplyAsync(paquay.Id, UserSelection.Of(marion.Id, jules.Id), "203.0.113.7");

        await using var db = database.CreateDbContext();
        var lines = await db.AuditEntries.Where(a => a.Action == AuditAction.PasswordReset).ToListAsync();
        Assert.Equal(["aj", "bm"], lines.Select(l => l.TargetLogin).Order());
        Assert.All(lines, l => Assert.Equal(("paquay", "203.0.113.7"), (l.ActorLogin, l.IpAddress)));
        Assert.All(lines, l => Assert.Contains("Réinitialisation groupée (2 utilisateurs)", l.Details));
        foreach (var credential in outcome.Credentials)
        {
            Assert.DoesNotContain(lines, l => l.Details!.Contains(credential.Password));
        }
    }

    [Fact]
    public async Task Cancelling_while_hashing_changes_no_password_and_writes_no_journal()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<BulkResetProgress>(p =>
        {
            if (p.Done >= 1)
            {
                cancel.Cancel();
            }
        });

        var outcome = await Bulk.ApplyAsync(admin.Id, UserSelection.All(new UserQuery()), null, progress, cancellationToken: cancel.Token);

        Assert.False(outcome.Result.Succeeded);
        Assert.Equal(BulkPasswordReset.Cancelled, outcome.Result.Message);
        Assert.Empty(outcome.Credentials);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_user_changed_by_someone_else_meanwhile_fails_the_whole_reset()
    {
        var edited = false;
        var progress = new SynchronousProgress<BulkResetProgress>(p =>
        {
            if (p.Saving && !edited)
            {
                // Another administrator saves Jules between the hashing and the transaction.
                edited = true;
                using var db = database.CreateDbContext();
                db.Users.Where(u => u.Id == jules.Id).ExecuteUpdate(s => s.SetProperty(u => u.Version, u => u.Version + 1));
            }
        });

        var outcome = await Bulk.ApplyAsync(admin.Id, UserSelection.Of(marion.Id, jules.Id, lucas.Id), null, progress);

        Assert.True(edited);
        Assert.False(outcome.Result.Succeeded);
        Assert.Contains("aucun mot de passe n'a été changé", outcome.Result.Message);
        Assert.Empty(outcome.Credentials);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_deactivated_actor_resets_nothing()
    {
        await using (var db = database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == paquay.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
        }

        var outcome = await Bulk.ApplyAsync(paquay.Id, UserSelection.Of(marion.Id));

        Assert.False(outcome.Result.Succeeded);
        Assert.Equal(marion.Account.PasswordHash, (await database.FindUserAsync("bm")).Account.PasswordHash);
    }

    private async Task AssertNothingChangedAsync()
    {
        foreach (var user in new[] { marion, jules, lucas, paquay, durand })
        {
            Assert.Equal(user.Account.PasswordHash, (await database.FindUserAsync(user.Login)).Account.PasswordHash);
        }

        await using var db = database.CreateDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.PasswordReset));
    }
}

/// <summary>Reports on the caller's thread, at once (Progress&lt;T&gt; would post later to a thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
