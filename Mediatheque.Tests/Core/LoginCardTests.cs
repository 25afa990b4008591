using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>QR sign-in cards: only a hash stored, expiry, revocation, pupils only, a deactivated pupil refused.</summary>
public sealed class LoginCardTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private User paquay = null!, admin = null!, marion = null!, jules = null!, lucas = null!, ent = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Mediatheque:Annuaire:Enabled"] = "true",
            ["Mediatheque:Annuaire:Name"] = "ENT Occitanie",
            ["Mediatheque:LoginCards:ValidDays"] = "30",
        });
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        jules = await database.AddUserAsync("ARNAUD", "Jules", Profil.Eleve, "aj", "jules-2026", groups: (GroupType.Classe, "Mme PAQUAY"));
        lucas = await database.AddUserAsync("MARTIN", "Lucas", Profil.Eleve, "ml", "lucas-2026", groups: (GroupType.Classe, "M. DURAND"));
        ent = await database.AddUserAsync("ROUX", "Chloé", Profil.Eleve, "rc", "chloe-2026", UserSource.Annuaire, groups: (GroupType.Classe, "Mme PAQUAY"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private LoginCardService Cards => database.Get<LoginCardService>();

    private async Task<IssuedCard> IssueAsync(User actor, User pupil)
    {
        var issue = await Cards.IssueAsync(actor.Id, UserSelection.Of(pupil.Id));
        Assert.True(issue.Result.Succeeded, issue.Result.Message);
        return Assert.Single(issue.Cards);
    }

    [Fact]
    public async Task A_card_signs_its_pupil_in_and_only_its_hash_is_stored()
    {
        var card = await IssueAsync(paquay, marion);

        var signIn = await Cards.SignInAsync(card.Token, "203.0.113.7");

        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        Assert.Equal("bm", signIn.User!.Login);
        Assert.True(card.Token.Length >= 22, "at least 128 random bits");
        await using var db = database.CreateDbContext();
        var stored = await db.LoginCards.SingleAsync();
        Assert.Equal(LoginCardToken.Hash(card.Token), stored.TokenHash);
        Assert.NotEqual(card.Token, stored.TokenHash);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Details!.Contains(card.Token)));
        var line = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.SignIn);
        Assert.Equal(("bm", "Carte de connexion", "203.0.113.7"), (line.TargetLogin, line.Details, line.IpAddress));
        Assert.NotNull((await database.FindUserAsync("bm")).Account.LastSignInAt);
    }

    [Fact]
    public async Task Tokens_are_random_and_an_unknown_or_malformed_one_signs_no_one_in()
    {
        var first = await IssueAsync(paquay, marion);
        var second = await IssueAsync(paquay, jules);

        Assert.NotEqual(first.Token, second.Token);
        foreach (var forged in new[] { LoginCardToken.New(), first.Token[..^1] + (first.Token[^1] == 'A' ? 'B' : 'A'), "", "' OR 1=1 --", null })
        {
            var signIn = await Cards.SignInAsync(forged, null);
            Assert.Equal(SignInStatus.Failed, signIn.Status);
            Assert.Equal(LoginCardService.InvalidCardMessage, signIn.Message);
        }

        await using var db = database.CreateDbContext();
        // A card that is no one's belongs to no school: its lines are in no school's journal.
        Assert.Equal(5, await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditAction.SignInFailed && a.TargetId == null && a.SchoolId == null));
    }

    [Fact]
    public async Task A_new_card_revokes_the_old_one()
    {
        var old = await IssueAsync(paquay, marion);
        var renewed = await IssueAsync(admin, marion);

        Assert.Equal(SignInStatus.Failed, (await Cards.SignInAsync(old.Token, null)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await Cards.SignInAsync(renewed.Token, null)).Status);
    }

    [Fact]
    public async Task A_card_expires_after_the_valid_days()
    {
        var card = await IssueAsync(paquay, marion);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime.AddDays(30), card.ExpiresAt);

        database.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        Assert.Equal(SignInStatus.Failed, (await Cards.SignInAsync(card.Token, null)).Status);
        var state = await Cards.GetStateAsync(paquay.Id, marion.Id);
        Assert.True(state!.Expired);
    }

    [Fact]
    public async Task Revoking_stops_the_card_at_once_and_says_who_had_none()
    {
        var card = await IssueAsync(paquay, marion);

        var outcome = await Cards.RevokeAsync(paquay.Id, UserSelection.Of(marion.Id, jules.Id));

        Assert.True(outcome.Result.Succeeded);
        Assert.Equal(1, outcome.Done);
        Assert.Equal("Pas de carte de connexion à révoquer.", Assert.Single(outcome.Skipped).Reason);
        Assert.Equal(SignInStatus.Failed, (await Cards.SignInAsync(card.Token, null)).Status);
        Assert.Null(await Cards.GetStateAsync(paquay.Id, marion.Id));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.LoginCardRevoked && a.TargetId == marion.Id));
    }

    [Fact]
    public async Task A_deactivated_pupils_card_signs_no_one_in()
    {
        var card = await IssueAsync(paquay, marion);
        await database.Get<UserEditor>().SetActiveAsync(admin.Id, marion.Id, false);

        var signIn = await Cards.SignInAsync(card.Token, null);

        // Issue 21: deactivating a pupil voids their card (LoginCardVoiding): it is no card any more, even reactivated.
        Assert.Equal(SignInStatus.Failed, signIn.Status);
        Assert.Null(signIn.User);
        await database.Get<UserEditor>().SetActiveAsync(admin.Id, marion.Id, true);
        Assert.Equal(SignInStatus.Failed, (await Cards.SignInAsync(card.Token, null)).Status);
    }

    [Fact]
    public async Task A_locked_pupil_is_not_signed_in_by_a_card_either()
    {
        var card = await IssueAsync(paquay, marion);
        await using (var db = database.CreateDbContext())
        {
            var until = database.Clock.GetUtcNow().UtcDateTime.AddMinutes(10);
            await db.Accounts.Where(a => a.Id == marion.AccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, until));
        }

        Assert.Equal(SignInStatus.LockedOut, (await Cards.SignInAsync(card.Token, null)).Status);
    }

    [Fact]
    public async Task Cards_are_for_pupils_only_within_scope_and_not_for_directory_pupils()
    {
        var issue = await Cards.IssueAsync(admin.Id, UserSelection.Of(paquay.Id, marion.Id, ent.Id));
        var byPaquay = await Cards.IssueAsync(paquay.Id, UserSelection.Of(lucas.Id));

        Assert.Equal(["bm"], issue.Cards.Select(c => c.Login));
        var reasons = issue.Skipped.ToDictionary(s => s.UserId, s => s.Reason);
        Assert.Equal("Les cartes de connexion sont réservées aux élèves.", reasons[paquay.Id]);
        Assert.Contains("ENT Occitanie", reasons[ent.Id]);
        Assert.Empty(byPaquay.Cards);
        Assert.Equal(BulkTargets.OutOfScope, Assert.Single(byPaquay.Skipped).Reason);
    }

    [Fact]
    public async Task A_pupil_made_staff_after_printing_is_not_signed_in_by_the_card()
    {
        var card = await IssueAsync(admin, marion);
        await using (var db = database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == marion.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Profil, Profil.Enseignant));
        }

        Assert.Equal(SignInStatus.Failed, (await Cards.SignInAsync(card.Token, null)).Status);
    }

    [Fact]
    public async Task The_detail_page_state_says_since_when_and_until_when()
    {
        var card = await IssueAsync(paquay, marion);

        var state = await Cards.GetStateAsync(admin.Id, marion.Id);

        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, state!.IssuedAt);
        Assert.Equal(card.ExpiresAt, state.ExpiresAt);
        Assert.False(state.Expired);
        Assert.Null(await Cards.GetStateAsync(paquay.Id, lucas.Id));
    }

    [Fact]
    public async Task Revoking_or_replacing_a_card_ends_the_sessions_it_opened_and_no_other()
    {
        var sessions = database.Get<SessionStore>();
        var first = await IssueAsync(paquay, marion);
        var openedByFirst = await StartCardSessionAsync(first);
        var withPassword = await sessions.StartAsync(marion.Id, null);

        var second = await IssueAsync(paquay, marion);
        var openedBySecond = await StartCardSessionAsync(second);

        Assert.Null(await ValidateAsync(openedByFirst));
        Assert.NotNull(await ValidateAsync(openedBySecond));

        var revoke = await Cards.RevokeAsync(paquay.Id, UserSelection.Of(marion.Id));

        Assert.Equal(1, revoke.Done);
        Assert.Null(await ValidateAsync(openedBySecond));
        Assert.NotNull(await ValidateAsync(withPassword));
    }

    [Fact]
    public async Task A_reset_revokes_the_pupils_card_by_default_and_the_journal_says_so()
    {
        var card = await IssueAsync(paquay, marion);
        var session = await StartCardSessionAsync(card);

        var reset = await database.Get<Mediatheque.Core.Passwords.PasswordService>().ResetAsync(
            new Mediatheque.Core.Passwords.PasswordReset(paquay.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", true));

        Assert.True(reset.Succeeded, reset.Message);
        Assert.Equal(SignInStatus.Failed, (await Cards.SignInAsync(card.Token, null)).Status);
        Assert.Null(await ValidateAsync(session));
        await using var db = database.CreateDbContext();
        Assert.False(await db.LoginCards.AnyAsync());
        var line = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.PasswordReset);
        Assert.Equal("Doit changer le mot de passe à la prochaine connexion ; carte de connexion révoquée", line.Details);
        Assert.Equal("Avec la réinitialisation du mot de passe",
            (await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.LoginCardRevoked && a.TargetId == marion.Id)).Details);
    }

    [Fact]
    public async Task A_reset_that_keeps_the_card_says_so_and_the_card_still_signs_in()
    {
        var card = await IssueAsync(paquay, marion);

        await database.Get<Mediatheque.Core.Passwords.PasswordService>().ResetAsync(
            new Mediatheque.Core.Passwords.PasswordReset(paquay.Id, marion.Id, "tigre-vert-47", "tigre-vert-47", false, RevokeLoginCard: false));

        Assert.Equal(SignInStatus.Succeeded, (await Cards.SignInAsync(card.Token, null)).Status);
        await using var db = database.CreateDbContext();
        Assert.Equal("carte de connexion gardée", (await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.PasswordReset)).Details);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditAction.LoginCardRevoked));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_bulk_reset_revokes_the_cards_unless_told_to_keep_them_and_each_line_says_which(bool revoke)
    {
        var marionCard = await IssueAsync(paquay, marion);
        var bulk = database.Get<Mediatheque.Core.Passwords.BulkPasswordReset>();

        var outcome = await bulk.ApplyAsync(paquay.Id, UserSelection.Of(marion.Id, jules.Id), revokeLoginCards: revoke);

        Assert.True(outcome.Result.Succeeded, outcome.Result.Message);
        Assert.Equal(revoke ? SignInStatus.Failed : SignInStatus.Succeeded, (await Cards.SignInAsync(marionCard.Token, null)).Status);
        await using var db = database.CreateDbContext();
        var lines = await db.AuditEntries.Where(a => a.Action == AuditAction.PasswordReset).ToDictionaryAsync(a => a.TargetId!.Value, a => a.Details);
        Assert.EndsWith(revoke ? "; carte de connexion révoquée" : "; carte de connexion gardée", lines[marion.Id]);
        Assert.DoesNotContain("carte", lines[jules.Id]);
    }

    private async Task<string> StartCardSessionAsync(IssuedCard card)
    {
        var signIn = await Cards.SignInAsync(card.Token, null);
        Assert.Equal(SignInStatus.Succeeded, signIn.Status);
        return await database.Get<SessionStore>().StartAsync(signIn.User!.AccountId, null, signIn.LoginCardHash);
    }

    private async Task<SignedInUser?> ValidateAsync(string session)
    {
        var user = await database.FindUserAsync("bm");
        return await database.Get<SessionStore>().ValidateAsync(session, user.AccountId, user.Account.SecurityStamp);
    }
}

/// <summary>The setting turns the cards off: none printed, none accepted.</summary>
public sealed class LoginCardsDisabledTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() =>
        database = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["Mediatheque:LoginCards:Enabled"] = "false" });

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task No_card_is_printed_when_cards_are_off()
    {
        var admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm");

        var issue = await database.Get<LoginCardService>().IssueAsync(admin.Id, UserSelection.Of(marion.Id));

        Assert.Empty(issue.Cards);
        Assert.Equal(LoginCardService.NotEnabled, Assert.Single(issue.Skipped).Reason);
    }
}
