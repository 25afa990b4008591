using System.Collections.Immutable;
using System.Text;
using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Import;

/// <summary>
/// Issue 21's rentrée through the import, as a school runs it every September from ONDE: near matches proposed and
/// decided, the safety brake, last year's empty classes archived, the same file twice, a leaver who comes back.
/// </summary>
public abstract class RentreeImportTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : RentreeImportTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : RentreeImportTests(DatabaseProvider.PostgreSql);

    private const string Header = "Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Cycle;Niveau;Libellé classe;INE";

    // Last year's list: two CM1 and two CM2 pupils, all of them with their INE but Léa (a register without it happens).
    private static readonly string[] LastYear =
    [
        "MARTIN;;Léa;12/03/2016;Cycle 3;CM1;CM1 Mme PAQUAY;",
        "PETIT;;Emma;01/01/2016;Cycle 3;CM1;CM1 Mme PAQUAY;1000000003C",
        "DUPONT;;Jules;05/06/2015;Cycle 3;CM2;CM2 M. DURAND;1000000002B",
        "BERNARD;;Hugo;02/02/2015;Cycle 3;CM2;CM2 M. DURAND;1000000004D",
        "DURAND;;Zoé;07/07/2016;Cycle 3;CM1;CM1 Mme PAQUAY;1000000005E",
    ];

    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var outcome = await ImportAsync(Onde(LastYear), Rentree with { GeneratePasswordsForNewPupils = true });
        Assert.True(outcome.Succeeded, outcome.Result.Message);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static readonly ImportChoices Rentree = new() { AbsentPupilsLeave = true, CreateMissingGroups = true };

    private ImportService Service => database.Get<ImportService>();

    private static ImportFile Onde(params string[] lines) =>
        ImportFileReader.Read("onde.csv", Encoding.UTF8.GetBytes(Header + "\r\n" + string.Join("\r\n", lines) + "\r\n"));

    private async Task<ImportOutcome> ImportAsync(ImportFile file, ImportChoices choices)
    {
        var preview = await Service.PreviewAsync(admin.Id, file, choices);
        return await Service.ApplyAsync(admin.Id, file, choices, preview);
    }

    private async Task<(int Id, string Login, string? Hash, AccountState State)> PupilAsync(string nom, string prenom)
    {
        await using var db = database.CreateDbContext();
        var user = await db.Users.AsNoTracking().Include(u => u.Account).SingleAsync(u => u.Nom == nom && u.Prenom == prenom);
        return (user.Id, user.Login, user.Account.PasswordHash, user.State);
    }

    /// <summary>Next year's list: everyone moves up, Léa's name typed one letter off (MARTIM), Zoé under her new usage name.</summary>
    private static ImportFile NextYear(params string[] more) => Onde(
    [
        "MARTIM;;Léa;12/03/2016;Cycle 3;CM2;CM2 Mme PAQUAY;",
        "PETIT;;Emma;01/01/2016;Cycle 3;CM2;CM2 Mme PAQUAY;1000000003C",
        "DURAND;MOREAU;Zoé;07/07/2016;Cycle 3;CM2;CM2 Mme PAQUAY;",
        "DUPONT;;Jules;05/06/2015;Cycle 3;CM2;CM2 Mme PAQUAY;1000000002B",
        .. more,
    ]);

    [Fact]
    public async Task A_near_match_is_proposed_with_its_reason_refused_until_decided_and_once_accepted_keeps_the_account()
    {
        var lea = await PupilAsync("MARTIN", "Léa");
        var before = await database.CountsAsync();
        var file = NextYear();

        var preview = await Service.PreviewAsync(admin.Id, file, Rentree);

        var proposal = Assert.Single(preview.Proposals, p => p.RowName == "MARTIM Léa");
        Assert.Equal((lea.Id, lea.Login, null), (proposal.UserId, proposal.Login, proposal.Accepted));
        Assert.Equal("Nom proche (MARTIN Léa → MARTIM Léa), même date de naissance", proposal.Reason);
        // Not applied silently: Léa is neither matched nor created while undecided, and « Appliquer » is refused.
        Assert.DoesNotContain(preview.Updates.Concat(preview.Unchanged), p => p.Login == lea.Login);
        var refused = await Service.ApplyAsync(admin.Id, file, Rentree, preview);
        Assert.False(refused.Succeeded);
        Assert.StartsWith("Décidez d'abord des rapprochements proposés", refused.Result.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.CountsAsync());

        var decided = Rentree with { Proposals = preview.Proposals.ToImmutableDictionary(p => p.Line, _ => true) };
        var outcome = await ImportAsync(file, decided);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        var after = await PupilAsync("MARTIM", "Léa");
        Assert.Equal((lea.Id, lea.Login, lea.Hash, AccountState.Actif), after);
        Assert.Contains(outcome.Applied!.Moves, p => p.Login == lea.Login && p.Move == "CM1 → CM2, CM1 Mme PAQUAY → CM2 Mme PAQUAY");
    }

    [Fact]
    public async Task A_usage_name_changed_is_proposed_and_a_rejected_proposal_creates_a_new_pupil_while_the_old_one_leaves()
    {
        var zoe = await PupilAsync("DURAND", "Zoé");
        var file = NextYear();
        var preview = await Service.PreviewAsync(admin.Id, file, Rentree);

        var proposal = Assert.Single(preview.Proposals, p => p.UserId == zoe.Id);
        Assert.Equal("Nom d'usage changé (DURAND → MOREAU), même prénom et même date de naissance", proposal.Reason);

        var decisions = preview.Proposals.ToImmutableDictionary(p => p.Line, p => p.UserId != zoe.Id);
        var outcome = await ImportAsync(file, Rentree with { Proposals = decisions });

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Contains(outcome.Applied!.Creates, p => p.FullName == "MOREAU Zoé");
        Assert.Contains(outcome.Applied.Leaves, p => p.Login == zoe.Login);
        Assert.Equal(AccountState.Parti, (await PupilAsync("DURAND", "Zoé")).State);
        Assert.NotEqual(zoe.Id, (await PupilAsync("MOREAU", "Zoé")).Id);
    }

    [Fact]
    public async Task A_list_that_would_make_most_pupils_leave_is_braked_with_its_figures_until_the_school_name_is_typed()
    {
        var before = await database.CountsAsync();
        var file = Onde("PETIT;;Emma;01/01/2016;Cycle 3;CM2;CM2 Mme PAQUAY;1000000003C");
        var school = (await database.CreateDbContext().Schools.SingleAsync(s => s.Id == database.SchoolId)).Name;

        var preview = await Service.PreviewAsync(admin.Id, file, Rentree);

        Assert.Equal(
            $"4 élèves sur 5 quitteraient l'école : vérifiez que le fichier est bien la liste complète de l'école pour la nouvelle année. "
            + $"Pour appliquer quand même, tapez le nom de l'école : « {school} ».",
            preview.Brake);
        var unconfirmed = await Service.ApplyAsync(admin.Id, file, Rentree, preview);
        Assert.False(unconfirmed.Succeeded);
        Assert.Contains("4 élèves sur 5 quitteraient l'école", unconfirmed.Result.Message);
        var mistyped = await Service.ApplyAsync(admin.Id, file, Rentree with { BrakeConfirmation = "École Jules-Ferry" }, preview);
        Assert.False(mistyped.Succeeded);
        Assert.StartsWith("Le nom tapé n'est pas celui de l'école.", mistyped.Result.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.CountsAsync());
        Assert.Equal(AccountState.Actif, (await PupilAsync("DUPONT", "Jules")).State);

        // Typed as a secretary types it: other case, no accents.
        var typed = Rentree with { BrakeConfirmation = $"  {Unaccented(school).ToUpperInvariant()} " };
        var outcome = await Service.ApplyAsync(admin.Id, file, typed, await Service.PreviewAsync(admin.Id, file, typed));

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(4, outcome.Applied!.Leaves.Count);
        Assert.Equal(AccountState.Parti, (await PupilAsync("DUPONT", "Jules")).State);
    }

    [Fact]
    public async Task A_list_with_no_pupil_is_refused_and_writes_nothing()
    {
        var before = await database.CountsAsync();
        var file = Onde();

        var preview = await Service.PreviewAsync(admin.Id, file, Rentree);
        await Service.ApplyAsync(admin.Id, file, Rentree, preview);

        Assert.Equal("Le fichier ne contient que la ligne d'en-tête : aucun élève à importer.", Assert.Single(preview.Issues).Message);
        Assert.Empty(preview.Leaves);
        Assert.Equal(before, await database.CountsAsync());
        Assert.Equal(AccountState.Actif, (await PupilAsync("BERNARD", "Hugo")).State);
    }

    [Fact]
    public async Task A_wrong_list_naming_none_of_the_pupils_is_braked_and_refused_unconfirmed()
    {
        var file = ImportFileReader.Read("personnel.csv", Encoding.UTF8.GetBytes("Nom;Prénom;Profil\r\nPAQUAY;Sophie;ENSEIGNANT\r\n"));

        var preview = await Service.PreviewAsync(admin.Id, file, Rentree);
        var outcome = await Service.ApplyAsync(admin.Id, file, Rentree, preview);

        Assert.StartsWith("5 élèves sur 5 quitteraient l'école", preview.Brake, StringComparison.Ordinal);
        Assert.False(outcome.Succeeded);
        Assert.Equal(AccountState.Actif, (await PupilAsync("BERNARD", "Hugo")).State);
    }

    [Fact]
    public async Task Last_years_class_left_empty_is_archived_out_of_the_filters_and_the_same_file_again_changes_nothing()
    {
        var file = NextYear();
        var choices = Rentree with { Proposals = (await Service.PreviewAsync(admin.Id, file, Rentree)).Proposals.ToImmutableDictionary(p => p.Line, _ => true) };

        var preview = await Service.PreviewAsync(admin.Id, file, choices);

        Assert.Equal(["CM1 Mme PAQUAY (3 élèves)", "CM2 M. DURAND (2 élèves)"], preview.Archived.Select(g => $"{g.Name} ({g.Pupils} élèves)").Order());
        Assert.Equal(["BERNARD Hugo"], preview.Leaves.Select(p => p.FullName));
        var outcome = await Service.ApplyAsync(admin.Id, file, choices, preview);
        Assert.True(outcome.Succeeded, outcome.Result.Message);

        var options = await database.Get<UserFinder>().GetFilterOptionsAsync(admin.Id);
        Assert.Contains("CM2 Mme PAQUAY", options.Of(GroupType.Classe));
        Assert.DoesNotContain("CM2 M. DURAND", options.Of(GroupType.Classe));
        Assert.DoesNotContain("CM1 Mme PAQUAY", options.Of(GroupType.Classe));
        await using (var db = database.CreateDbContext())
        {
            // Kept for the journal, which names them.
            Assert.NotNull((await db.Groups.SingleAsync(g => g.Name == "CM2 M. DURAND")).ArchivedAt);
        }

        var before = await database.CountsAsync();
        var again = await Service.PreviewAsync(admin.Id, file, choices);
        Assert.True(again.HasNothingToApply);
        Assert.Empty(again.Leaves);
        Assert.Empty(again.Archived);
        Assert.Empty(again.Proposals);
        Assert.Equal(before, await database.CountsAsync());
    }

    [Fact]
    public async Task A_leaver_back_in_a_later_list_while_desactive_returns_actif_with_the_same_id_login_and_password()
    {
        var hugo = await PupilAsync("BERNARD", "Hugo");
        var accepted = await Service.PreviewAsync(admin.Id, NextYear(), Rentree);
        Assert.True((await ImportAsync(NextYear(), Rentree with { Proposals = accepted.Proposals.ToImmutableDictionary(p => p.Line, _ => true) })).Succeeded);
        Assert.Equal(AccountState.Parti, (await PupilAsync("BERNARD", "Hugo")).State);

        // Day 45: past the 30 days « parti », he is désactivé; then the school takes him back.
        database.Clock.Advance(TimeSpan.FromDays(45));
        await database.Get<AccountStateJob>().MoveAlongAsync(database.SchoolId, journalWhenIdle: false);
        Assert.Equal(AccountState.Desactive, (await PupilAsync("BERNARD", "Hugo")).State);
        var back = NextYear("BERNARD;;Hugo;02/02/2015;Cycle 3;CM2;CM2 Mme PAQUAY;1000000004D");
        var preview = await Service.PreviewAsync(admin.Id, back, Rentree);
        var returning = Assert.Single(preview.Updates, p => p.Login == hugo.Login);
        Assert.Equal("Même INE", returning.Match);

        var outcome = await Service.ApplyAsync(admin.Id, back, Rentree, preview);

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal((hugo.Id, hugo.Login, hugo.Hash, AccountState.Actif), await PupilAsync("BERNARD", "Hugo"));
    }

    /// <summary>
    /// The list is one transaction and returns at once; the arrivals' first passwords (BCrypt, ~0.1 s each a core) follow:
    /// until then an arrival exists without a password and cannot sign in, then each has the password of their slip and a
    /// journal line pointing to the import's. Someone given a password meanwhile keeps theirs and gets no slip.
    /// </summary>
    [Fact]
    public async Task The_list_is_saved_first_and_the_arrivals_first_passwords_follow_with_a_slip_and_a_journal_line_each()
    {
        var file = NextYear(
            "NOUVEAU;;Paul;03/03/2019;Cycle 2;CP;CP Mme LEROY;",
            "NOUVEAU;;Inès;04/04/2019;Cycle 2;CP;CP Mme LEROY;",
            "ARRIVÉ;;Tom;05/05/2019;Cycle 2;CP;CP Mme LEROY;");
        var choices = Rentree with { GeneratePasswordsForNewPupils = true };
        var decided = await Service.PreviewAsync(admin.Id, file, choices);
        choices = choices with { Proposals = decided.Proposals.ToImmutableDictionary(p => p.Line, _ => true) };
        var preview = await Service.PreviewAsync(admin.Id, file, choices);

        var listed = await Service.ApplyListAsync(admin.Id, file, choices, preview);

        Assert.True(listed.Succeeded, listed.Result.Message);
        Assert.Equal(3, listed.FirstPasswords?.Count);
        Assert.Empty(listed.Credentials);
        var paul = await PupilAsync("NOUVEAU", "Paul");
        Assert.Null(paul.Hash);
        Assert.Null((await PupilAsync("ARRIVÉ", "Tom")).Hash);
        Assert.Equal(AccountState.Parti, (await PupilAsync("BERNARD", "Hugo")).State);
        var hasher = database.Get<Mediatheque.Core.Passwords.PasswordHasher>();

        // Meanwhile Tom's teacher gives him a password from his page: his stays.
        Assert.True((await database.Get<Mediatheque.Core.Passwords.PasswordService>().ResetAsync(
            new Mediatheque.Core.Passwords.PasswordReset(admin.Id, (await PupilAsync("ARRIVÉ", "Tom")).Id, "tigre-vert-47", "tigre-vert-47", false))).Succeeded);

        var done = await Service.SaveFirstPasswordsAsync(listed);

        Assert.Null(done.FirstPasswords);
        Assert.Equal(0, done.WithoutPassword);
        Assert.Equal(["Inès", "Paul"], done.Credentials.Select(c => c.Prenom));
        foreach (var credential in done.Credentials)
        {
            var pupil = await PupilAsync("NOUVEAU", credential.Prenom);
            Assert.Equal(pupil.Login, credential.Login);
            Assert.True(hasher.Verify(credential.Password, pupil.Hash));
        }

        Assert.True(hasher.Verify("tigre-vert-47", (await PupilAsync("ARRIVÉ", "Tom")).Hash));
        await using var db = database.CreateDbContext();
        var import = await db.AuditEntries.Where(a => a.Action == Mediatheque.Core.Audit.AuditAction.Import).OrderBy(a => a.Id).LastAsync();
        Assert.Contains("3 premier(s) mot(s) de passe des nouveaux", import.Details);
        var lines = await db.AuditEntries.Where(a => a.Action == Mediatheque.Core.Audit.AuditAction.PasswordSetByImport && a.Id > import.Id)
            .Select(a => new { a.TargetId, a.Details }).ToListAsync();
        Assert.Equal([paul.Id, (await PupilAsync("NOUVEAU", "Inès")).Id], lines.Select(l => l.TargetId!.Value).Order());
        Assert.All(lines, l => Assert.StartsWith($"Par l'import n° {import.Id} ", l.Details));
    }

    /// <summary>Leaving the page while the first passwords are hashed cancels them: nothing half saved, and the result says who has none.</summary>
    [Fact]
    public async Task Cancelled_first_passwords_leave_the_arrivals_without_one_and_say_how_many()
    {
        var file = NextYear("NOUVEAU;;Paul;03/03/2019;Cycle 2;CP;CP Mme LEROY;", "NOUVEAU;;Inès;04/04/2019;Cycle 2;CP;CP Mme LEROY;");
        var choices = Rentree with { GeneratePasswordsForNewPupils = true };
        var decided = await Service.PreviewAsync(admin.Id, file, choices);
        choices = choices with { Proposals = decided.Proposals.ToImmutableDictionary(p => p.Line, _ => true) };
        var listed = await Service.ApplyListAsync(admin.Id, file, choices, await Service.PreviewAsync(admin.Id, file, choices));
        Assert.True(listed.Succeeded, listed.Result.Message);

        var cancelled = await Service.SaveFirstPasswordsAsync(listed, cancellationToken: new CancellationToken(canceled: true));

        Assert.True(cancelled.Succeeded);
        Assert.Null(cancelled.FirstPasswords);
        Assert.Equal(2, cancelled.WithoutPassword);
        Assert.Empty(cancelled.Credentials);
        Assert.Null((await PupilAsync("NOUVEAU", "Paul")).Hash);
        Assert.Null((await PupilAsync("NOUVEAU", "Inès")).Hash);
        await using var db = database.CreateDbContext();
        var paulId = (await PupilAsync("NOUVEAU", "Paul")).Id;
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == Mediatheque.Core.Audit.AuditAction.PasswordSetByImport && a.TargetId == paulId));
    }

    private static string Unaccented(string text) =>
        new(text.Normalize(NormalizationForm.FormD).Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c)
            != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray());
}
