using Mediatheque.Core.AccountStates;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Import;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Roster;
using Mediatheque.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Import;

public abstract class ImportServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    public sealed class OnSqlite() : ImportServiceTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : ImportServiceTests(DatabaseProvider.PostgreSql);

    // The samples name classes this empty school lacks: most tests tick « Créer les classes… manquants ».
    private static readonly ImportChoices Defaults = new() { CreateMissingGroups = true };

    private TestDatabase database = null!;
    private User admin = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Mediatheque:Annuaire:Enabled"] = "true",
            ["Mediatheque:Annuaire:Name"] = "ENT Occitanie",
        });
        admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ImportService Service => database.Get<ImportService>();

    private async Task<ImportOutcome> ImportAsync(ImportFile file, ImportChoices? choices = null, User? actor = null, IProgress<ImportProgress>? progress = null)
    {
        var preview = await Service.PreviewAsync((actor ?? admin).Id, file, choices ?? Defaults);
        return await Service.ApplyAsync((actor ?? admin).Id, file, choices ?? Defaults, preview, progress);
    }

    private async Task<User> PupilAsync(string nationalId)
    {
        await using var db = database.CreateDbContext();
        return await db.Users.AsNoTracking().Include(u => u.Account).Include(u => u.Memberships).ThenInclude(m => m.Group).SingleAsync(u => u.NationalId == nationalId);
    }

    private static string[] GroupsOf(User user, GroupType type) =>
        user.Memberships.Where(m => m.Group.Type == type).Select(m => m.Group.Name).Order().ToArray();

    [Fact]
    public async Task Each_pupil_whose_password_the_import_set_has_it_in_their_own_journal_lines_pointing_to_the_import()
    {
        await ImportAsync(ImportSamples.Own("BESSON;Marion;bm;;;;;Mme PAQUAY;CE1;;", "MARTIN;Léa;lm;;;;;Mme PAQUAY;CE1;;"),
            Defaults with { GeneratePasswordsForNewPupils = false });

        var outcome = await ImportAsync(ImportSamples.Own("BESSON;Marion;bm;soleil-vert-42;;;;Mme PAQUAY;CE1;;", "MARTIN;Léa;lm;;;;;Mme PAQUAY;CE1;;", "NOUVEAU;Noé;nn;;;;;Mme PAQUAY;CE1;;"),
            Defaults with { UpdatePasswordsFromFile = true });

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        var journal = database.Get<Journal>();
        var import = (await journal.SearchAsync(admin.Id, new JournalQuery(Action: AuditAction.Import))).Lines.First();
        var perPupil = (await journal.SearchAsync(admin.Id, new JournalQuery(Action: AuditAction.PasswordSetByImport))).Lines;
        Assert.Equal(["bm", "nn"], perPupil.Select(l => l.TargetLogin).Order());
        Assert.All(perPupil, l => Assert.StartsWith($"Par l'import n° {import.Id} (fichier « test.csv »)", l.Details));
        Assert.All(perPupil, l => Assert.Equal("admin", l.ActorLogin));
        var marion = await database.FindUserAsync("bm");
        Assert.Contains((await journal.SearchAsync(admin.Id, new JournalQuery(Target: "bm"))).Lines, l => l.Action == AuditAction.PasswordSetByImport);
        Assert.Equal(0, (await journal.SearchAsync(admin.Id, new JournalQuery(Target: "lm", Action: AuditAction.PasswordSetByImport))).Total);
        Assert.NotNull(marion.Account.PasswordHash);
    }

    [Fact]
    public async Task Every_error_of_a_row_is_listed_not_only_the_first()
    {
        // A bad email and a login the form would refuse: both, so the file is mended in one go.
        var file = ImportSamples.Own("BESSON;Marion;b m!;;;;pas-une-adresse;Mme INCONNUE;CE1;;");

        var preview = await Service.PreviewAsync(admin.Id, file, Defaults with { CreateMissingGroups = false });

        Assert.Contains(preview.Issues, i => i is { Line: 2, Column: "Email" } && i.Message.Contains("pas-une-adresse"));
        Assert.Contains(preview.Issues, i => i is { Line: 2, Column: "Identifiant" } && i.Message.Contains("b m!"));
        Assert.Empty(preview.Creates);
        Assert.Empty(preview.NewGroups);
    }

    [Fact]
    public async Task A_row_in_error_creates_no_class_even_when_missing_classes_are_created()
    {
        var file = ImportSamples.Own("BESSON;Marion;;;;;pas-une-adresse;Mme INCONNUE;CE1;;", "MARTIN;Léa;;;;;;Mme ROUSSEAU;CE2;;");

        var outcome = await ImportAsync(file, Defaults with { CreateMissingGroups = true });

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        await using var db = database.CreateDbContext();
        Assert.Equal(["CE2", "Mme ROUSSEAU"], await db.Groups.Select(g => g.Name).OrderBy(n => n).ToListAsync());
    }

    [Fact]
    public async Task Out_of_the_box_a_class_typo_shows_as_a_new_class_of_one_pupil_and_nothing_is_applied_unconfirmed()
    {
        await ImportAsync(ImportSamples.Own("MARTIN;Léa;;;;;;Mme ROUSSEAU;CE2;;"));
        var before = await database.CountsAsync();

        var outcome = await ImportAsync(ImportSamples.Own("BESSON;Marion;;;;;;Mme ROUSEAU;CE2;;"), new ImportChoices());

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("Confirmez d'abord la création des 1 classe(s)", outcome.Result.Message);
        Assert.Equal([new PlannedGroup(GroupType.Classe, "Mme ROUSEAU", 1)], outcome.Applied!.NewGroups);
        Assert.Empty(outcome.Applied.Issues);
        Assert.Equal(before, await database.CountsAsync());
    }

    [Fact]
    public async Task New_pupils_are_created_with_their_class_level_groups_and_a_generated_password_they_keep()
    {
        var outcome = await ImportAsync(ImportSamples.Read("onde-latin1.csv"));

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(4, outcome.Applied!.Creates.Count);
        var marion = await PupilAsync("1234567890A");
        Assert.Equal(("BESSON", "Marion", "bm", Profil.Eleve, UserSource.Local), (marion.Nom, marion.Prenom, marion.Login, marion.Profil, marion.Source));
        Assert.Equal(new DateOnly(2018, 3, 14), marion.BirthDate);
        Assert.Equal(["Mme PAQUAY"], GroupsOf(marion, GroupType.Classe));
        Assert.Equal(["CE1"], GroupsOf(marion, GroupType.Niveau));
        // Mediatheque:Passwords:MustChangeByDefault:Eleve is false by default: a CE1 pupil keeps the slip's password.
        Assert.False(marion.Account.MustChangePassword);
        Assert.Equal(["Chorale"], GroupsOf(await PupilAsync("1234567891B"), GroupType.Groupe));

        var slip = Assert.Single(outcome.Credentials, c => c.Login == "bm");
        Assert.False(slip.MustChangePassword);
        Assert.Equal("Mme PAQUAY", slip.Classe);
        Assert.True(database.Get<PasswordHasher>().Verify(slip.Password, marion.Account.PasswordHash));
        Assert.Empty(database.Get<PasswordPolicy>().Validate(Profil.Eleve, slip.Password));
    }

    [Fact]
    public async Task The_credentials_are_grouped_by_class()
    {
        var outcome = await ImportAsync(ImportSamples.Read("onde-latin1.csv"));

        Assert.Equal(["M. DURAND", "M. MÉNARD", "Mme PAQUAY", "Mme ROUSSEAU"], outcome.Credentials.Select(c => c.Classe));
    }

    [Fact]
    public async Task A_pupil_moving_from_ce1_to_ce2_changes_class_and_level_and_the_preview_says_so()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm", groups: [(GroupType.Classe, "Mme PAQUAY"), (GroupType.Niveau, "CE1"), (GroupType.Option, "Foot")]);
        await using (var db = database.CreateDbContext())
        {
            var marion = await db.Users.SingleAsync(u => u.Login == "bm");
            marion.NationalId = "1234567890A";
            await db.SaveChangesAsync();
        }

        var file = ImportSamples.Own("BESSON;Marion;;;1234567890A;;;Mme ROUSSEAU;CE2;;Foot");
        var preview = await Service.PreviewAsync(admin.Id, file, Defaults);

        var update = Assert.Single(preview.Updates);
        Assert.Equal(["Classe : Mme PAQUAY → Mme ROUSSEAU", "Niveau : CE1 → CE2"], update.Changes);
        Assert.Equal(("Même INE", "CE1 → CE2, Mme PAQUAY → Mme ROUSSEAU"), (update.Match, update.Move));
        Assert.Equal([update], preview.Moves);
        Assert.Empty(preview.Creates);

        var outcome = await Service.ApplyAsync(admin.Id, file, Defaults, preview);
        Assert.True(outcome.Succeeded, outcome.Result.Message);
        var moved = await PupilAsync("1234567890A");
        Assert.Equal(["Mme ROUSSEAU"], GroupsOf(moved, GroupType.Classe));
        Assert.Equal(["CE2"], GroupsOf(moved, GroupType.Niveau));
        Assert.Equal(["Foot"], GroupsOf(moved, GroupType.Option));
        Assert.Empty(outcome.Credentials);
    }

    [Fact]
    public async Task Pupils_are_matched_by_school_id_then_login_then_name_and_birth_date()
    {
        var byEstablishment = await database.AddUserAsync("MARTIN", "Léa", login: "ml");
        var byLogin = await database.AddUserAsync("DUPONT", "Jules", login: "dj");
        var byName = await database.AddUserAsync("PETIT", "Emma", login: "pe");
        await using (var db = database.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == byEstablishment.Id)).EstablishmentId = "JF-002";
            await db.SaveChangesAsync();
        }

        var file = ImportSamples.Own(
            "MARTIN;Léa;;;;JF-002;lea@example.fr;;;;",
            "DUPONT;Julien;dj;;;;;;;;",
            "Petit;Emma;;;;;;;;;");
        var preview = await Service.PreviewAsync(admin.Id, file, Defaults);

        Assert.Empty(preview.Creates);
        Assert.Equal(["ml", "dj", "pe"], preview.Updates.Select(u => u.Login));
        Assert.Contains("Email : — → lea@example.fr", preview.Updates[0].Changes);
        Assert.Contains("Prénom : Jules → Julien", preview.Updates[1].Changes);
        Assert.Contains("Nom : PETIT → Petit", preview.Updates[2].Changes);
        Assert.Equal(["Même Id Établissement", "Même identifiant", "Même nom et prénom (date de naissance inconnue)"], preview.Updates.Select(u => u.Match));
        Assert.Equal(byName.Id, (await database.FindUserAsync("pe")).Id);
    }

    [Fact]
    public async Task Two_pupils_with_the_same_name_are_told_apart_by_birth_date_or_reported()
    {
        await database.AddUserAsync("MARTIN", "Léa", login: "ml");
        await database.AddUserAsync("MARTIN", "Léa", login: "ml2");

        var preview = await Service.PreviewAsync(admin.Id, ImportSamples.Own("MARTIN;Léa;;;;;;;;;"), Defaults);

        var issue = Assert.Single(preview.Issues);
        Assert.Equal(2, issue.Line);
        Assert.Contains("Plusieurs élèves s'appellent MARTIN Léa", issue.Message);
        Assert.Empty(preview.Creates);
    }

    [Fact]
    public async Task New_logins_follow_the_article_and_are_made_unique()
    {
        await database.AddUserAsync("BERNARD", "Marc", login: "bm");

        var outcome = await ImportAsync(ImportSamples.Own(
            "BESSON;Marion;;;;;;;;;", "BLANC;Manon;;;;;;;;;", "Bœuf;Éloïse;;;;;;;;;", "BRUN;Mia;bm3;;;;;;;;"));

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(["bm2", "bm4", "be", "bm3"], outcome.Applied!.Creates.Select(c => c.Login));
    }

    [Fact]
    public async Task Passwords_of_the_file_are_set_only_when_asked()
    {
        var marion = await database.AddUserAsync("BESSON", "Marion", login: "bm", password: "ancien-mot-2025");
        var file = ImportSamples.Read("mediatheque-mots-de-passe.csv");

        var without = await ImportAsync(file, Defaults with { GeneratePasswordsForNewPupils = false });
        Assert.True(without.Succeeded, without.Result.Message);
        Assert.Empty(without.Credentials);
        var hasher = database.Get<PasswordHasher>();
        Assert.True(hasher.Verify("ancien-mot-2025", (await database.FindUserAsync("bm")).Account.PasswordHash));

        var with = await ImportAsync(file, Defaults with { UpdatePasswordsFromFile = true, GeneratePasswordsForNewPupils = false });
        Assert.True(with.Succeeded, with.Result.Message);
        var updated = await database.FindUserAsync("bm");
        Assert.True(hasher.Verify("soleil-vert-42", updated.Account.PasswordHash));
        Assert.False(updated.Account.MustChangePassword);
        Assert.NotEqual(marion.Account.SecurityStamp, updated.Account.SecurityStamp);
        Assert.Equal(["bm", "ml"], with.Credentials.Select(c => c.Login).Order());
    }

    [Fact]
    public async Task Passwords_refused_by_the_policy_are_reported_per_row_and_the_other_rows_are_applied()
    {
        var file = ImportSamples.Read("mots-de-passe-refuses.csv");
        var choices = Defaults with { UpdatePasswordsFromFile = true };

        var preview = await Service.PreviewAsync(admin.Id, file, choices);

        Assert.Equal([2, 3], preview.Issues.Select(i => i.Line).Distinct());
        Assert.All(preview.Issues, i => Assert.Equal("Mot de passe", i.Column));
        Assert.Contains(preview.Issues, i => i.Line == 2 && i.Message.Contains("au moins 8 caractères"));
        Assert.Contains(preview.Issues, i => i.Line == 3 && i.Message.Contains("trop courant"));
        Assert.DoesNotContain(preview.Issues, i => i.Message.Contains("azertyuiop"));
        Assert.Equal(["LEROY"], preview.Creates.Select(c => c.Nom));

        var outcome = await Service.ApplyAsync(admin.Id, file, choices, preview);
        Assert.True(outcome.Succeeded);
        Assert.Equal(2, (await database.CountsAsync()).Users);
    }

    [Fact]
    public async Task Ids_already_used_by_someone_who_is_not_a_pupil_or_by_another_pupil_are_refused()
    {
        var teacher = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay");
        await database.AddUserAsync("MOREAU", "Lina", login: "mol");
        await database.AddUserAsync("MARTIN", "Léa", login: "ml");
        await using (var db = database.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == teacher.Id)).NationalId = "1234567890A";
            (await db.Users.SingleAsync(u => u.Login == "mol")).EstablishmentId = "JF-777";
            (await db.Users.SingleAsync(u => u.Login == "ml")).NationalId = "1234567891B";
            await db.SaveChangesAsync();
        }

        var preview = await Service.PreviewAsync(admin.Id, ImportSamples.Own(
            "BESSON;Marion;;;1234567890A;;;;;;",
            "MARTIN;Léa;;;1234567891B;JF-777;;;;;",
            "DUPONT;Jules;paquay;;;;;;;;"), Defaults);

        Assert.Contains(preview.Issues, i => i is { Line: 2, Column: "Id National" } && i.Message.Contains("PAQUAY Sophie (ENSEIGNANT), qui n'est pas un élève"));
        Assert.Contains(preview.Issues, i => i is { Line: 3, Column: "Id Établissement" } && i.Message.Contains("déjà utilisé par un autre utilisateur : MOREAU Lina (mol)"));
        Assert.Contains(preview.Issues, i => i is { Line: 4, Column: "Identifiant" });
        Assert.Empty(preview.Creates);
        Assert.Empty(preview.Updates);
    }

    [Fact]
    public async Task Pupils_provided_by_the_directory_are_not_touched_and_are_reported()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm", source: UserSource.Annuaire, groups: [(GroupType.Classe, "Mme PAQUAY")]);

        var outcome = await ImportAsync(ImportSamples.Own("BESSON;Marion;;;;;;Mme ROUSSEAU;CE2;;"), Defaults with { AbsentPupilsLeave = true });

        Assert.True(outcome.Succeeded);
        var reported = Assert.Single(outcome.Applied!.ManagedByAnnuaire);
        Assert.Equal("bm", reported.Login);
        Assert.Empty(outcome.Applied.Updates);
        Assert.Empty(outcome.Applied.Creates);
        var marion = await database.FindUserAsync("bm");
        Assert.True(marion.IsActive);
    }

    [Fact]
    public async Task Absent_pupils_leave_only_when_asked_and_staff_never()
    {
        await database.AddUserAsync("PARTI", "Léo", login: "pl");
        await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay");
        await database.AddUserAsync("ENT", "Zoé", login: "ez", source: UserSource.Annuaire);
        var file = ImportSamples.Read("onde-latin1.csv");

        var kept = await ImportAsync(file);
        Assert.Empty(kept.Applied!.Leaves);
        Assert.Equal(AccountState.Actif, (await database.FindUserAsync("pl")).State);

        var outcome = await ImportAsync(file, Defaults with { AbsentPupilsLeave = true });

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        var leaver = Assert.Single(outcome.Applied!.Leaves);
        Assert.Equal(("pl", "parti le 01/09/2026, désactivé le 01/10/2026, supprimé le 30/11/2026"), (leaver.Login, leaver.Fate));
        Assert.Equal(["ez"], outcome.Applied.ManagedByAnnuaire.Select(d => d.Login));
        var parti = await database.FindUserAsync("pl");
        Assert.Equal((AccountState.Parti, true, UserDeactivation.Import), (parti.State, parti.IsActive, parti.DeactivatedBy));
        Assert.Equal(AccountState.Actif, (await database.FindUserAsync("paquay")).State);
        Assert.Equal(AccountState.Actif, (await database.FindUserAsync("ez")).State);
        Assert.Equal(AccountState.Actif, (await database.FindUserAsync("admin")).State);
    }

    [Fact]
    public async Task A_deactivated_pupil_in_the_file_is_reactivated()
    {
        await database.AddUserAsync("BESSON", "Marion", login: "bm", active: false);

        var outcome = await ImportAsync(ImportSamples.Own("BESSON;Marion;;;;;;;;;"));

        Assert.Contains("Réactivé", Assert.Single(outcome.Applied!.Updates).Changes);
        Assert.True((await database.FindUserAsync("bm")).IsActive);
    }

    [Fact]
    public async Task Missing_groups_are_listed_once_with_their_pupils_and_created_only_once_confirmed()
    {
        var file = ImportSamples.Read("onde-latin1.csv");

        var preview = await Service.PreviewAsync(admin.Id, file, Defaults with { CreateMissingGroups = false });

        Assert.Equal(0, preview.RowsInError);
        Assert.Contains(new PlannedGroup(GroupType.Classe, "Mme PAQUAY", 1), preview.NewGroups);
        Assert.Contains(new PlannedGroup(GroupType.Niveau, "CE1", 1), preview.NewGroups);
        var unconfirmed = await Service.ApplyAsync(admin.Id, file, Defaults with { CreateMissingGroups = false }, preview);
        Assert.False(unconfirmed.Succeeded);
        Assert.Equal(1, (await database.CountsAsync()).Users);

        var confirmed = await Service.ApplyAsync(admin.Id, file, Defaults, preview);
        Assert.True(confirmed.Succeeded, confirmed.Result.Message);
        Assert.Equal(5, (await database.CountsAsync()).Users);
    }

    [Fact]
    public async Task Groups_are_matched_ignoring_case_and_accents()
    {
        await database.AddUserAsync("DUPONT", "Jules", login: "dj", groups: [(GroupType.Classe, "M. MÉNARD")]);

        var preview = await Service.PreviewAsync(admin.Id, ImportSamples.Own("BESSON;Marion;;;;;;m. menard;;;"), Defaults);

        Assert.Empty(preview.NewGroups);
    }

    [Fact]
    public async Task Re_importing_the_same_file_changes_nothing_and_says_so()
    {
        var file = ImportSamples.Read("onde-latin1.csv");
        Assert.True((await ImportAsync(file)).Succeeded);
        var before = await database.CountsAsync();
        var stamp = (await database.FindUserAsync("bm")).Account.SecurityStamp;

        var preview = await Service.PreviewAsync(admin.Id, file, Defaults);
        var outcome = await Service.ApplyAsync(admin.Id, file, Defaults, preview);

        Assert.True(preview.HasNothingToApply);
        Assert.Equal(4, preview.Unchanged.Count);
        Assert.Empty(preview.NewGroups);
        Assert.True(outcome.Succeeded);
        Assert.Empty(outcome.Credentials);
        Assert.Equal(before, await database.CountsAsync());
        Assert.Equal(stamp, (await database.FindUserAsync("bm")).Account.SecurityStamp);
    }

    [Fact]
    public async Task Re_importing_the_same_passwords_does_not_change_them_or_end_sessions()
    {
        var file = ImportSamples.Read("mediatheque-mots-de-passe.csv");
        var choices = Defaults with { UpdatePasswordsFromFile = true };
        Assert.True((await ImportAsync(file, choices)).Succeeded);
        var before = await database.FindUserAsync("bm");

        var again = await ImportAsync(file, choices);

        Assert.True(again.Succeeded);
        Assert.Empty(again.Credentials);
        Assert.Equal(2, again.PasswordsUnchanged);
        var after = await database.FindUserAsync("bm");
        Assert.Equal((before.Account.PasswordHash, before.Account.SecurityStamp, before.Version), (after.Account.PasswordHash, after.Account.SecurityStamp, after.Version));
    }

    [Fact]
    public async Task The_journal_records_who_the_file_and_the_counts_but_never_a_password()
    {
        var outcome = await ImportAsync(ImportSamples.Read("mediatheque-mots-de-passe.csv"), Defaults with { UpdatePasswordsFromFile = true });

        await using var db = database.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.Import);
        Assert.Equal(("admin", admin.Id), (entry.ActorLogin, entry.ActorId));
        Assert.Contains("mediatheque-mots-de-passe.csv", entry.Details);
        Assert.Contains("3 créé(s)", entry.Details);
        Assert.Contains("3 mot(s) de passe défini(s)", entry.Details);
        foreach (var credential in outcome.Credentials)
        {
            Assert.DoesNotContain(credential.Password, entry.Details);
        }
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_the_save_leaves_the_database_unchanged()
    {
        await database.AddUserAsync("ANCIEN", "Élève", login: "ae", groups: [(GroupType.Classe, "Mme PAQUAY")]);
        var before = await database.CountsAsync();
        var file = ImportSamples.Read("onde-latin1.csv");
        // The rentrée: « ae » leaves, the only actif pupil: the brake asks for the school's name, typed.
        var choices = Defaults with { AbsentPupilsLeave = true, BrakeConfirmation = "école de TEST" };
        var preview = await Service.PreviewAsync(admin.Id, file, choices);
        Assert.Equal(4, preview.Creates.Count);
        Assert.NotNull(preview.Brake);

        // Someone takes the last pupil's Id National while the passwords are being hashed: the save fails part-way.
        var taken = 0;
        var progress = new SyncProgress(p =>
        {
            if (p.Saving && Interlocked.Exchange(ref taken, 1) == 0)
            {
                using var db = database.CreateDbContext();
                var intruder = db.Users.Single(u => u.Login == "ae");
                intruder.NationalId = "1234567893D";
                db.SaveChanges();
            }
        });
        var outcome = await Service.ApplyAsync(admin.Id, file, choices, preview, progress);

        Assert.False(outcome.Succeeded);
        Assert.Contains("rien n'a été enregistré", outcome.Result.Message);
        Assert.Equal(before, await database.CountsAsync());
        var survivor = await database.FindUserAsync("ae");
        Assert.Equal(AccountState.Actif, survivor.State);
    }

    [Fact]
    public async Task Cancelling_while_passwords_are_hashed_leaves_the_database_unchanged()
    {
        var before = await database.CountsAsync();
        var file = ImportSamples.Read("onde-latin1.csv");
        var preview = await Service.PreviewAsync(admin.Id, file, Defaults);
        using var cancel = new CancellationTokenSource();

        var outcome = await Service.ApplyAsync(admin.Id, file, Defaults, preview, new SyncProgress(_ => cancel.Cancel()), cancel.Token);

        Assert.False(outcome.Succeeded);
        Assert.Equal("Import annulé : rien n'a été enregistré.", outcome.Result.Message);
        Assert.Equal(before, await database.CountsAsync());
    }

    [Fact]
    public async Task A_preview_made_stale_by_another_change_is_not_applied_and_is_shown_again()
    {
        var file = ImportSamples.Read("onde-latin1.csv");
        var preview = await Service.PreviewAsync(admin.Id, file, Defaults);
        await database.AddUserAsync("BESSON", "Marion", login: "bm");

        var outcome = await Service.ApplyAsync(admin.Id, file, Defaults, preview);

        Assert.False(outcome.Succeeded);
        Assert.Contains("a changé depuis l'aperçu", outcome.Result.Message);
        Assert.Single(outcome.Applied!.Updates);
        Assert.Equal(2, (await database.CountsAsync()).Users);
    }

    [Fact]
    public async Task Only_an_administrator_may_import()
    {
        var teacher = await database.AddUserAsync("PAQUAY", "Sophie", Profil.Enseignant, "paquay");
        var file = ImportSamples.Read("onde-latin1.csv");

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Service.PreviewAsync(teacher.Id, file, Defaults));
        var preview = await Service.PreviewAsync(admin.Id, file, Defaults);
        var outcome = await Service.ApplyAsync(teacher.Id, file, Defaults, preview);
        Assert.Equal(ImportService.NotAllowed, outcome.Result.Message);
        Assert.Equal(2, (await database.CountsAsync()).Users);
    }

    [Fact]
    public async Task A_secondary_administrator_imports_pupils_but_cannot_take_an_administrators_id()
    {
        var secondary = await database.AddUserAsync("MOREAU", "Pascal", Profil.AdministrateurSecondaire, "secondaire");

        var preview = await Service.PreviewAsync(secondary.Id, ImportSamples.Own("BESSON;Marion;;;;;;;;;", "LEBRUN;Claire;admin;;;;;;;;"), Defaults);

        Assert.Single(preview.Creates);
        Assert.Contains(preview.Issues, i => i is { Line: 3, Column: "Identifiant" } && i.Message.Contains("qui n'est pas un élève"));
    }

    [Fact]
    public async Task Ten_thousand_pupils_without_passwords_are_imported_in_one_go()
    {
        var file = ImportFileReader.Read("grande-ecole.csv", ImportSamples.LargeOnde(10_000));

        var outcome = await ImportAsync(file, Defaults with { GeneratePasswordsForNewPupils = false });

        Assert.True(outcome.Succeeded, outcome.Result.Message);
        Assert.Equal(10_000, outcome.Applied!.Creates.Count);
        Assert.Equal(10_001, (await database.CountsAsync()).Users);
    }

    /// <summary>Reports on the caller's thread, unlike Progress&lt;T&gt;: the test acts at an exact moment.</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

/// <summary>A school that wants its pupils to choose their own password: the import follows the setting.</summary>
public sealed class ImportMustChangeSettingTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() =>
        database = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["Mediatheque:Passwords:MustChangeByDefault:Eleve"] = "true" });

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Imported_pupils_must_change_when_the_pupils_default_says_so()
    {
        var admin = await database.AddUserAsync("LEBRUN", "Claire", Profil.Administrateur, "admin");
        var service = database.Get<ImportService>();
        var file = ImportSamples.Read("onde-latin1.csv");
        var choices = new ImportChoices { CreateMissingGroups = true };
        var preview = await service.PreviewAsync(admin.Id, file, choices);

        var outcome = await service.ApplyAsync(admin.Id, file, choices, preview);

        Assert.All(outcome.Credentials, c => Assert.True(c.MustChangePassword));
        Assert.True((await database.FindUserAsync("bm")).Account.MustChangePassword);
    }
}
