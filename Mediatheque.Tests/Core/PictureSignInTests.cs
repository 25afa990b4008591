using Mediatheque.Core;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.PictureSignIn;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core;

/// <summary>
/// Issue 24, picture sign-in in Core, on both providers: the class's address, pupils' secrets drawn different within a
/// class and stored hashed, the lockout, renewal, voiding, and who may do what.
/// </summary>
public abstract class PictureSignInTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : PictureSignInTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : PictureSignInTests(DatabaseProvider.PostgreSql);

    private const string Paquay = "Mme PAQUAY";
    private TestDatabase database = null!;
    private User paquay = null!, durand = null!, admin = null!, marion = null!, jules = null!, chloe = null!, lucas = null!, parti = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Mediatheque:Annuaire:Enabled"] = "true",
            ["Mediatheque:Annuaire:Name"] = "ENT Occitanie",
        });
        paquay = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay", "paquay-demo-2026", groups: (GroupType.Classe, Paquay));
        durand = await database.AddUserAsync("DURAND", "Julien", Profil.Enseignant, "durand", "durand-demo-2026", groups: (GroupType.Classe, "M. DURAND"));
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin", "admin-demo-2026");
        marion = await database.AddUserAsync("BESSON", "Marion", Profil.Eleve, "bm", "marion2026", groups: [(GroupType.Classe, Paquay), (GroupType.Niveau, "CE1")]);
        jules = await database.AddUserAsync("ARNAUD", "Jules", Profil.Eleve, "aj", "jules-2026", groups: (GroupType.Classe, Paquay));
        // The directory owns her password, not her pictures.
        chloe = await database.AddUserAsync("ROUX", "Chloé", Profil.Eleve, "rc", "chloe-2026", UserSource.Annuaire, groups: (GroupType.Classe, Paquay));
        lucas = await database.AddUserAsync("MARTIN", "Lucas", Profil.Eleve, "ml", "lucas-2026", groups: (GroupType.Classe, "M. DURAND"));
        parti = await database.AddUserAsync("PARTI", "Paul", Profil.Eleve, "pp", "paul-2026", active: false, groups: (GroupType.Classe, Paquay));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private PictureSignInSetup Setup => database.Get<PictureSignInSetup>();

    private PictureSignInService SignIn => database.Get<PictureSignInService>();

    private async Task<int> ClassIdAsync(string name)
    {
        await using var db = database.CreateDbContext();
        return await db.Groups.Where(g => g.Name == name).Select(g => g.Id).SingleAsync();
    }

    private async Task<PictureHandout> EnableAsync(User actor, string className = Paquay)
    {
        var handout = await Setup.EnableAsync(actor.Id, await ClassIdAsync(className), "203.0.113.7");
        Assert.True(handout.Result.Succeeded, handout.Result.Message);
        return handout;
    }

    private static IReadOnlyList<Picture> SequenceOf(PictureHandout handout, User pupil) =>
        handout.Cards.Single(c => c.UserId == pupil.Id).Sequence;

    /// <summary>A sequence of the board that is not <paramref name="right"/>.</summary>
    private static IReadOnlyList<Picture> WrongFor(IReadOnlyList<Picture> right) => [right[1], right[0], right[2]];

    [Fact]
    public async Task Turning_it_on_gives_each_active_pupil_of_the_class_three_different_board_pictures_and_stores_only_hashes()
    {
        var handout = await EnableAsync(paquay);

        Assert.True(LoginCardToken.LooksValid(handout.Code), "a code of 144 random bits, well above 64");
        Assert.Equal(["Chloé", "Jules", "Marion"], handout.Cards.Select(c => c.Prenom));
        Assert.All(handout.Cards, card =>
        {
            Assert.Equal(PictureSet.SequenceLength, card.Sequence.Distinct().Count());
            Assert.All(card.Sequence, picture => Assert.Contains(picture, PictureSet.Board));
            Assert.Contains(card.Tile, PictureSet.Tiles);
            Assert.Equal(Paquay, card.ClassName);
        });
        Assert.Equal(3, handout.Cards.Select(c => c.Tile).Distinct().Count());

        await using var db = database.CreateDbContext();
        var stored = await db.ClassSignIns.SingleAsync();
        Assert.Equal(LoginCardToken.Hash(handout.Code!), stored.CodeHash);
        var secrets = await db.PictureSecrets.ToDictionaryAsync(s => s.UserId);
        Assert.Equal(handout.Cards.Select(c => c.UserId).Order(), secrets.Keys.Order());
        foreach (var card in handout.Cards)
        {
            Assert.Equal(PictureSequences.Hash(card.UserId, card.Sequence), secrets[card.UserId].SequenceHash);
            Assert.Matches("^[0-9a-f]{64}$", secrets[card.UserId].SequenceHash);
        }

        // The journal says who did it for whom, never the code or a picture of anyone's secret.
        var lines = await db.AuditEntries.ToListAsync();
        Assert.Contains(lines, l => l.Action == AuditAction.PictureSignInEnabled && l.ActorLogin == "paquay" && l.Details!.Contains(Paquay));
        Assert.Equal(3, lines.Count(l => l.Action == AuditAction.PictureSequenceIssued));
        var names = PictureSet.Board.SelectMany(p => new[] { p.Key, p.Name });
        Assert.All(lines, l => Assert.DoesNotContain(handout.Code!, l.Details ?? string.Empty));
        Assert.All(lines, l => Assert.DoesNotContain(names, n => (l.Details ?? string.Empty).Contains(n, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Sequences_are_drawn_different_within_a_class_whole_class_or_one_pupil_at_a_time()
    {
        // 60 pupils: drawn without the check, two of them would share a sequence three times out of four, and a
        // classmate's would be drawn again 19 times out of 20 in the 60 one-by-one renewals (checked against hashes).
        var pupils = new List<User>();
        for (var i = 0; i < 60; i++)
        {
            pupils.Add(await database.AddUserAsync($"GRAND{i:00}", "Élève", Profil.Eleve, $"grand{i:00}", groups: (GroupType.Classe, "Grande classe")));
        }

        var handout = await EnableAsync(admin, "Grande classe");
        Assert.Equal(60, handout.Cards.Select(c => PictureSequences.Keys(c.Sequence)).Distinct().Count());
        for (var round = 0; round < 2; round++)
        {
            foreach (var pupil in pupils)
            {
                var renewed = await Setup.NewSequenceAsync(admin.Id, pupil.Id);
                Assert.True(renewed.Result.Succeeded, renewed.Result.Message);
            }
        }

        await using var db = database.CreateDbContext();
        var hashes = await db.PictureSecrets.ToDictionaryAsync(s => s.UserId, s => s.SequenceHash);
        // Which sequence each pupil now holds, found the way an attacker with the table would: all 1,320 tried.
        var all = from a in PictureSet.Board from b in PictureSet.Board from c in PictureSet.Board
                  where a != b && b != c && a != c select new[] { a, b, c };
        var held = pupils.Select(p => PictureSequences.Keys(all.First(s => PictureSequences.Hash(p.Id, s) == hashes[p.Id]))).ToList();
        Assert.Equal(60, held.Distinct().Count());
        Assert.Equal(1_320, all.Count());
        Assert.Equal(1_320, PictureSet.Sequences);
    }

    [Fact]
    public async Task A_pupil_signs_in_with_their_tile_and_three_pictures_and_the_journal_says_how()
    {
        var handout = await EnableAsync(paquay);

        var result = await SignIn.SignInAsync(handout.Code, marion.Id, SequenceOf(handout, marion), "203.0.113.9");

        Assert.Equal(SignInStatus.Succeeded, result.Status);
        Assert.Equal("bm", result.User!.Login);
        Assert.Equal([nameof(Profil.Eleve)], result.User.Roles);
        Assert.Equal((await database.FindUserAsync("bm")).Account.SecurityStamp, result.User.SecurityStamp);
        Assert.NotNull((await database.FindUserAsync("bm")).Account.LastSignInAt);
        await using var db = database.CreateDbContext();
        var line = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.SignIn);
        Assert.Equal(("bm", "Connexion par images, classe Mme PAQUAY", "203.0.113.9"), (line.TargetLogin, line.Details, line.IpAddress));
    }

    [Fact]
    public async Task Five_wrong_sequences_lock_the_account_even_against_the_right_one_until_the_teacher_unlocks_it()
    {
        var handout = await EnableAsync(paquay);
        var right = SequenceOf(handout, marion);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await SignIn.SignInAsync(handout.Code, marion.Id, WrongFor(right));
            Assert.Equal((SignInStatus.Failed, PictureSignInService.WrongSequenceMessage), (wrong.Status, wrong.Message));
        }

        var fifth = await SignIn.SignInAsync(handout.Code, marion.Id, WrongFor(right));
        Assert.Equal((SignInStatus.LockedOut, PictureSignInService.LockedMessage), (fifth.Status, fifth.Message));
        Assert.Equal(SignInStatus.LockedOut, (await SignIn.SignInAsync(handout.Code, marion.Id, right)).Status);
        // One lockout per account, whatever the way in: the password form is locked too (no extra guesses for an attacker).
        Assert.Equal(SignInStatus.LockedOut, (await database.Get<SignInService>().SignInAsync("bm", "marion2026")).Status);
        // Her classmates are not.
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(handout.Code, chloe.Id, SequenceOf(handout, chloe))).Status);

        var unlocked = await database.Get<PasswordService>().UnlockAsync(paquay.Id, marion.Id);
        Assert.True(unlocked.Succeeded, unlocked.Message);
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(handout.Code, marion.Id, right)).Status);

        // The grid's « Déverrouiller » on a selection lifts a picture lock the same way.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignIn.SignInAsync(handout.Code, jules.Id, WrongFor(SequenceOf(handout, jules)));
        }

        var grid = await database.Get<PasswordService>().UnlockManyAsync(paquay.Id, UserSelection.Of(jules.Id, marion.Id));
        Assert.Equal(1, grid.Done);
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(handout.Code, jules.Id, SequenceOf(handout, jules))).Status);

        await using var db = database.CreateDbContext();
        Assert.Equal(5, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.SignInFailed && a.TargetLogin == "bm"));
        Assert.Equal("Trop d'échecs de connexion par images", (await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.LockedOut && a.TargetLogin == "bm")).Details);
    }

    [Fact]
    public async Task A_lock_ends_by_itself_after_fifteen_minutes()
    {
        var handout = await EnableAsync(paquay);
        var right = SequenceOf(handout, marion);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignIn.SignInAsync(handout.Code, marion.Id, WrongFor(right));
        }

        database.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(SignInStatus.LockedOut, (await SignIn.SignInAsync(handout.Code, marion.Id, right)).Status);
        database.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(handout.Code, marion.Id, right)).Status);
    }

    [Fact]
    public async Task A_new_sequence_voids_the_old_one_and_its_sessions_at_once_and_keeps_the_pupils_tile_picture()
    {
        var handout = await EnableAsync(paquay);
        var old = SequenceOf(handout, marion);

        var signedIn = await SignIn.SignInAsync(handout.Code, marion.Id, old);
        var sessions = database.Get<SessionStore>();
        var session = await sessions.StartAsync(marion.Id, null);
        Assert.NotNull(await sessions.ValidateAsync(session, marion.Id, signedIn.User!.SecurityStamp));

        var renewed = await Setup.NewSequenceAsync(paquay.Id, marion.Id);

        Assert.True(renewed.Result.Succeeded, renewed.Result.Message);
        // What the old sequence opened ends with it.
        Assert.Null(await sessions.ValidateAsync(session, marion.Id, signedIn.User.SecurityStamp));
        var card = Assert.Single(renewed.Cards);
        Assert.NotEqual(PictureSequences.Keys(old), PictureSequences.Keys(card.Sequence));
        Assert.Equal(handout.Cards.Single(c => c.UserId == marion.Id).Tile, card.Tile);
        Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync(handout.Code, marion.Id, old)).Status);
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(handout.Code, marion.Id, card.Sequence)).Status);

        // The whole class at once: every card printed before stops working.
        var whole = await Setup.NewSequencesAsync(paquay.Id, await ClassIdAsync(Paquay));
        Assert.Equal(3, whole.Cards.Count);
        Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync(handout.Code, jules.Id, SequenceOf(handout, jules))).Status);
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(handout.Code, jules.Id, SequenceOf(whole, jules))).Status);
    }

    [Fact]
    public async Task A_profile_change_or_a_deactivation_voids_the_secret_and_a_reactivation_does_not_bring_it_back()
    {
        var handout = await EnableAsync(paquay);
        var editor = database.Get<UserEditor>();

        var details = (await editor.GetAsync(admin.Id, jules.Id))!;
        var saved = await editor.SaveAsync(admin.Id, new UserEdit(jules.Id, details.Version, details.Nom, details.Prenom, Profil.Enseignant,
            details.Login, null, null, null, null, details.Groups.Select(g => g.Id).ToList()));
        Assert.True(saved.Succeeded, saved.Message);
        Assert.True((await editor.SetActiveAsync(admin.Id, marion.Id, active: false)).Succeeded);
        Assert.True((await editor.SetActiveAsync(admin.Id, marion.Id, active: true)).Succeeded);

        await using var db = database.CreateDbContext();
        Assert.Equal([chloe.Id], await db.PictureSecrets.Select(s => s.UserId).ToListAsync());
        Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync(handout.Code, marion.Id, SequenceOf(handout, marion))).Status);
        Assert.Equal(SignInStatus.Failed, (await SignIn.SignInAsync(handout.Code, jules.Id, SequenceOf(handout, jules))).Status);
        Assert.Equal(["Chloé"], (await SignIn.OpenAsync(handout.Code))!.Tiles.Select(t => t.Prenom));
    }

    [Fact]
    public async Task Any_writer_that_deactivates_a_pupil_voids_their_secret_in_the_same_save()
    {
        var handout = await EnableAsync(paquay);
        await using (var db = database.CreateDbContext())
        {
            // Any writer of the account (here a plain tracked change, as the import's and the directory's are).
            var user = await db.Users.SingleAsync(u => u.Id == marion.Id);
            user.IsActive = false;
            user.DeactivatedBy = UserDeactivation.Import;
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateDbContext();
        Assert.False(await check.PictureSecrets.AnyAsync(s => s.UserId == marion.Id));
        Assert.True(await check.PictureSecrets.AnyAsync(s => s.UserId == jules.Id));
        Assert.DoesNotContain((await SignIn.OpenAsync(handout.Code))!.Tiles, t => t.UserId == marion.Id);
    }

    [Fact]
    public async Task The_class_page_shows_only_first_names_and_pictures_of_its_active_pupils_with_a_sequence()
    {
        var handout = await EnableAsync(paquay);
        await EnableAsync(durand, "M. DURAND");

        var page = await SignIn.OpenAsync(handout.Code);

        Assert.NotNull(page);
        Assert.Equal(Paquay, page.ClassName);
        Assert.Equal([(chloe.Id, "Chloé"), (jules.Id, "Jules"), (marion.Id, "Marion")], page.Tiles.Select(t => (t.UserId, t.Prenom)));
        Assert.DoesNotContain(page.Tiles, t => t.UserId == parti.Id || t.UserId == lucas.Id || t.UserId == paquay.Id);
        // The tile's record holds no family name, login or anything of the secret.
        Assert.Equal(["HasPhoto", "Picture", "Prenom", "UserId"], typeof(ClassTile).GetProperties().Select(p => p.Name).Order());
        Assert.All(page.Tiles, t => Assert.Contains(t.Picture, PictureSet.Tiles));
    }

    [Fact]
    public async Task A_tiles_photo_is_served_only_through_its_own_classs_address()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await using (var db = database.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == marion.Id || u.Id == lucas.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Photo, png).SetProperty(u => u.PhotoContentType, "image/png"));
        }

        var paquayClass = await EnableAsync(paquay);
        var durandClass = await EnableAsync(durand, "M. DURAND");

        Assert.True((await SignIn.OpenAsync(paquayClass.Code))!.Tile(marion.Id)!.HasPhoto);
        Assert.False((await SignIn.OpenAsync(paquayClass.Code))!.Tile(jules.Id)!.HasPhoto);
        Assert.Equal(png, (await SignIn.PhotoAsync(paquayClass.Code, marion.Id))!.Content);
        Assert.Null(await SignIn.PhotoAsync(paquayClass.Code, lucas.Id));
        Assert.Null(await SignIn.PhotoAsync(paquayClass.Code, jules.Id));
        Assert.Equal(png, (await SignIn.PhotoAsync(durandClass.Code, lucas.Id))!.Content);
    }

    [Fact]
    public async Task Every_wrong_revoked_or_malformed_address_gets_the_same_answer()
    {
        var handout = await EnableAsync(paquay);
        var classId = await ClassIdAsync(Paquay);
        var renewed = await Setup.NewAddressAsync(paquay.Id, classId);
        Assert.True(renewed.Result.Succeeded, renewed.Result.Message);
        Assert.NotEqual(handout.Code, renewed.Code);

        foreach (var code in new[] { handout.Code, LoginCardToken.New(), renewed.Code![..^1], "' OR 1=1 --", "", null })
        {
            Assert.Null(await SignIn.OpenAsync(code));
            Assert.Null(await SignIn.PhotoAsync(code, marion.Id));
            var result = await SignIn.SignInAsync(code, marion.Id, SequenceOf(handout, marion));
            Assert.Equal((SignInStatus.Failed, PictureSignInService.InvalidAddressMessage), (result.Status, result.Message));
        }

        // The pupils' sequences outlive the poster: a new address, the same cards.
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(renewed.Code, marion.Id, SequenceOf(handout, marion))).Status);

        // Turned off: the address and the class's sequences are gone.
        Assert.True((await Setup.DisableAsync(paquay.Id, classId)).Succeeded);
        Assert.Null(await SignIn.OpenAsync(renewed.Code));
        await using var db = database.CreateDbContext();
        Assert.False(await db.PictureSecrets.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Details!.Contains(handout.Code!) || a.Details!.Contains(renewed.Code!)));
    }

    [Fact]
    public async Task Another_classs_pupil_or_a_staff_member_is_no_tile_of_this_address_and_costs_no_attempt()
    {
        var paquayClass = await EnableAsync(paquay);
        var durandClass = await EnableAsync(durand, "M. DURAND");

        foreach (var id in new[] { lucas.Id, paquay.Id, parti.Id, 999_999 })
        {
            var result = await SignIn.SignInAsync(paquayClass.Code, id, SequenceOf(durandClass, lucas));
            Assert.Equal((SignInStatus.Failed, PictureSignInService.ChooseTileMessage), (result.Status, result.Message));
        }

        Assert.Equal(0, (await database.FindUserAsync("ml")).Account.FailedSignInCount);
        Assert.DoesNotContain((await SignIn.OpenAsync(durandClass.Code))!.Tiles, t => t.Prenom is "Marion" or "Jules" or "Chloé");
        Assert.Equal(SignInStatus.Succeeded, (await SignIn.SignInAsync(durandClass.Code, lucas.Id, SequenceOf(durandClass, lucas))).Status);
    }

    [Fact]
    public async Task Only_the_classs_teachers_and_the_administrators_manage_it()
    {
        var classId = await ClassIdAsync(Paquay);

        foreach (var refused in new[] { durand, marion })
        {
            var enable = await Setup.EnableAsync(refused.Id, classId);
            Assert.Equal(UserPolicy.NotYourClassReason, enable.Result.Message);
            Assert.Null(enable.Code);
        }

        // A class id that is no class gets the same answer as someone else's class.
        Assert.Equal(UserPolicy.NotYourClassReason, (await Setup.EnableAsync(paquay.Id, 999_999)).Result.Message);
        var secondaire = await database.AddUserAsync("ROBERT", "Anne", Profil.AdministrateurSecondaire, "secondaire");
        var handout = await EnableAsync(secondaire);
        Assert.Equal(PictureSignInSetup.AlreadyEnabled, (await Setup.EnableAsync(paquay.Id, classId)).Result.Message);

        Assert.Equal(UserPolicy.NotYourClassReason, (await Setup.NewAddressAsync(durand.Id, classId)).Result.Message);
        Assert.Equal(UserPolicy.NotYourClassReason, (await Setup.NewSequencesAsync(durand.Id, classId)).Result.Message);
        Assert.Equal(UserPolicy.NotYourClassReason, (await Setup.DisableAsync(durand.Id, classId)).Message);
        Assert.Equal(UserPolicy.NotVisibleReason, (await Setup.NewSequenceAsync(durand.Id, marion.Id)).Result.Message);
        Assert.Equal(PictureSignInSetup.NoEnabledClass, (await Setup.NewSequenceAsync(admin.Id, lucas.Id)).Result.Message);
        Assert.False((await Setup.NewSequenceAsync(admin.Id, paquay.Id)).Result.Succeeded);
        Assert.Null(await Setup.StateAsync(durand.Id, marion.Id));

        Assert.Equal([Paquay], (await Setup.ClassesAsync(paquay.Id)).Select(c => c.Name));
        Assert.Equal(["M. DURAND", Paquay], (await Setup.ClassesAsync(admin.Id)).Select(c => c.Name));
        Assert.Empty(await Setup.ClassesAsync(marion.Id));
        var mine = Assert.Single(await Setup.ClassesAsync(paquay.Id));
        Assert.Equal((3, 3, true), (mine.Pupils, mine.WithSequence, mine.Enabled));
        var state = await Setup.StateAsync(paquay.Id, marion.Id);
        Assert.Equal([Paquay], state!.EnabledClasses);
        Assert.True(state.Renew.Allowed);
        Assert.NotNull(handout.Code);
    }
}

/// <summary>The pictures themselves: enough, named in French, and what the class page may post.</summary>
public sealed class PictureSetTests
{
    [Fact]
    public void The_set_has_twelve_board_pictures_and_tile_pictures_all_different_with_french_names()
    {
        Assert.Equal(12, PictureSet.Board.Count);
        Assert.True(PictureSet.All.Count() >= 24);
        Assert.Equal(PictureSet.All.Count(), PictureSet.All.Select(p => p.Key).Distinct().Count());
        Assert.Equal(PictureSet.All.Count(), PictureSet.All.Select(p => p.Name).Distinct().Count());
        Assert.Empty(PictureSet.Board.Intersect(PictureSet.Tiles));
        Assert.All(PictureSet.All, p => Assert.Matches(@"^[a-zàâçéèêëîïôûùüÿœæ' ]+$", p.Name));
    }

    [Fact]
    public void A_drawn_sequence_is_three_different_board_pictures()
    {
        for (var i = 0; i < 200; i++)
        {
            var sequence = PictureSequences.Draw();
            Assert.Equal(3, sequence.Distinct().Count());
            Assert.All(sequence, p => Assert.Contains(p, PictureSet.Board));
        }
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData(null, 0)]
    [InlineData("sun", 1)]
    [InlineData("sun,rabbit,sun", 3)]
    [InlineData("sun,rabbit,car,boat", -1)]
    [InlineData("sun,bird", -1)]
    [InlineData("sun,,car", -1)]
    [InlineData("<script>", -1)]
    public void What_the_class_page_posts_is_read_as_board_pictures_or_refused(string? posted, int count)
    {
        var parsed = PictureSequences.Parse(posted);
        Assert.Equal(count, parsed?.Count ?? -1);
    }
}
