using Mediatheque.Core;
using Mediatheque.Core.Accounts;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Import;
using Mediatheque.Core.LoginCards;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.PictureSignIn;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Core.Import;
using Mediatheque.Tests.Notices;
using Microsoft.EntityFrameworkCore;

namespace Mediatheque.Tests.Core.Notices;

/// <summary>Issue 23 in Core: who is told what, on a real database and through a real SMTP server (aiosmtpd).</summary>
public abstract class NoticeTests(DatabaseProvider provider, SmtpFixture smtp) : IAsyncLifetime
{
    public sealed class OnSqlite(SmtpFixture smtp) : NoticeTests(DatabaseProvider.Sqlite, smtp), IClassFixture<SmtpFixture>;

    public sealed class OnPostgreSql(SmtpFixture smtp) : NoticeTests(DatabaseProvider.PostgreSql, smtp), IClassFixture<SmtpFixture>;

    private NoticeSchool school = null!;

    private SmtpServer Smtp => smtp.Server;

    public async Task InitializeAsync() => school = await NoticeSchool.CreateAsync(provider, Smtp);

    public async Task DisposeAsync() => await school.DisposeAsync();

    // Léo's record spells his mother's address in capitals: still one mailbox, one mail.
    private static bool IsMother(ReceivedMail mail) => string.Equals(mail.To, NoticeSchool.Mother, StringComparison.OrdinalIgnoreCase);

    private Task<OperationResult> ResetAsync(User actor, User target, string password) =>
        school.Database.Get<PasswordService>().ResetAsync(new PasswordReset(actor.Id, target.Id, password, password, MustChangeAtNextSignIn: false));

    [Fact]
    public async Task Resetting_a_teacher_sends_her_one_french_notice_saying_an_administrator_did_it_and_never_the_password()
    {
        var reset = await ResetAsync(school.Admin, school.Teacher, "tulipe-orange-2026");
        Assert.True(reset.Succeeded, reset.Message);
        // The reset wrote its event and nothing was sent yet: the change never waits for mail.
        Assert.Empty(Smtp.Messages());
        var change = Assert.Single(await school.ChangesAsync());
        Assert.Equal(CredentialChangeKind.PasswordReset, change.Kind);

        var run = await school.DeliverAsync();

        Assert.Equal(1, run.Sent);
        var mail = Assert.Single(Smtp.Messages());
        Assert.Equal(NoticeSchool.TeacherEmail, mail.To);
        Assert.Equal("École élémentaire Jules-Ferry : mot de passe réinitialisé", mail.Subject);
        Assert.StartsWith("Bonjour Sophie PAQUAY,", mail.Body);
        Assert.Contains("Le mot de passe de votre compte Médiathèque (identifiant « paquay ») a été réinitialisé le mardi 1 septembre 2026 à 10 h 30 par un administrateur de l'école.", mail.Body);
        Assert.Contains("S'il vous surprend, prévenez sans attendre l'administrateur de la Médiathèque", mail.Body);
        Assert.Equal("ne-pas-repondre@jules-ferry.example.fr", mail.Message.From.Mailboxes.Single().Address);
        Assert.Equal("auto-generated", mail.Message.Headers["Auto-Submitted"]);
        Assert.DoesNotContain("tulipe-orange-2026", mail.Raw);
        Assert.DoesNotContain("tulipe-orange-2026", mail.Body);
        Assert.DoesNotContain("http", mail.Body);

        // The delivery is in the journal, the recipient masked.
        var journal = await school.Database.Get<Journal>().SearchAsync(school.Admin.Id, new JournalQuery(Action: AuditAction.NoticeSent));
        var line = Assert.Single(journal.Lines);
        Assert.Equal("paquay", line.TargetLogin);
        Assert.Equal("Avis « mot de passe réinitialisé » envoyé à p•••@jules-ferry.example.fr", line.Details);
        Assert.DoesNotContain(NoticeSchool.TeacherEmail, string.Join('\n', await school.JournalDetailsAsync()));
        Assert.Equal(NoticeStatus.Sent, Assert.Single(await school.NoticesAsync()).Status);

        // A second pass sends nothing again.
        Assert.Equal(0, (await school.DeliverAsync()).Sent);
        Assert.Single(Smtp.Messages());
    }

    [Fact]
    public async Task A_teacher_resetting_her_pupil_is_named_to_the_parents_with_her_class_title()
    {
        await school.TellParentsAsync();

        var reset = await ResetAsync(school.Teacher, school.Marion, "girafe-bleue-38");
        Assert.True(reset.Succeeded, reset.Message);
        await school.DeliverAsync();

        var mails = Smtp.Messages();
        Assert.Equal([NoticeSchool.Mother, NoticeSchool.MarionsFather], mails.Select(m => m.To).Order());
        Assert.All(mails, mail =>
        {
            Assert.StartsWith("Madame, Monsieur,", mail.Body);
            Assert.Contains("Le mot de passe Médiathèque de votre enfant Marion BESSON a été réinitialisé le mardi 1 septembre 2026 à 10 h 30 par Mme PAQUAY, enseignante.", mail.Body);
            Assert.DoesNotContain("girafe-bleue-38", mail.Raw);
        });
        var lines = (await school.Database.Get<Journal>().SearchAsync(school.Admin.Id, new JournalQuery(Action: AuditAction.NoticeSent))).Lines;
        Assert.Equal(["Avis « mot de passe réinitialisé » envoyé à a•••@famille.example.fr (responsable légal)",
            "Avis « mot de passe réinitialisé » envoyé à b•••@famille.example.fr (responsable légal)"], lines.Select(l => l.Details).Order());
    }

    [Fact]
    public async Task A_bulk_reset_of_a_class_with_parent_notices_on_sends_one_mail_per_parent_naming_all_her_children()
    {
        await school.TellParentsAsync();

        var outcome = await school.Database.Get<BulkPasswordReset>().ApplyAsync(school.Admin.Id, UserSelection.All(new UserQuery { Classe = "Mme PAQUAY", Profil = Profil.Eleve }));
        Assert.True(outcome.Result.Succeeded, outcome.Result.Message);
        Assert.Equal(3, outcome.Credentials.Count);
        // The whole class is one event, written with the passwords.
        Assert.Equal(3, Assert.Single(await school.ChangesAsync()).Targets().Count);

        await school.DeliverAsync();

        var mails = Smtp.Messages();
        // The mother of both BESSON children gets one mail (her address is written in two cases), each other parent one; Zoé has none.
        Assert.Equal([NoticeSchool.Mother, NoticeSchool.MarionsFather, NoticeSchool.LeosStepfather], mails.Select(m => m.To.ToLowerInvariant()).Order());
        var mother = mails.Single(m => IsMother(m));
        Assert.Contains("Les mots de passe Médiathèque de vos enfants Léo BESSON et Marion BESSON ont été réinitialisés le mardi 1 septembre 2026 à 10 h 30 par un administrateur de l'école.", mother.Body);
        Assert.Contains("Le mot de passe Médiathèque de votre enfant Léo BESSON a été réinitialisé", mails.Single(m => m.To == NoticeSchool.LeosStepfather).Body);
        foreach (var credential in outcome.Credentials)
        {
            Assert.All(mails, m => Assert.DoesNotContain(credential.Password, m.Raw));
        }

        // The mother's one delivery is journaled for each child it is about.
        var lines = (await school.Database.Get<Journal>().SearchAsync(school.Admin.Id, new JournalQuery(Action: AuditAction.NoticeSent))).Lines;
        Assert.Equal(["bl", "bl", "bm", "bm"], lines.Select(l => l.TargetLogin).Order());
    }

    [Fact]
    public async Task Parents_are_told_only_once_the_school_turns_it_on_and_users_only_while_it_is_on()
    {
        var outcome = await school.Database.Get<BulkPasswordReset>().ApplyAsync(school.Admin.Id, UserSelection.Of(school.Marion.Id, school.Teacher.Id) with { IncludeStaff = true });
        Assert.True(outcome.Result.Succeeded);
        await school.DeliverAsync();
        // Off by default: only the teacher, at her own address.
        Assert.Equal([NoticeSchool.TeacherEmail], Smtp.Messages().Select(m => m.To));

        Smtp.Clear();
        await school.Database.Get<NoticeSettingsService>().SaveAsync(school.Admin.Id, notifyUsers: false, notifyLegalRepresentatives: true);
        await school.Database.Get<BulkPasswordReset>().ApplyAsync(school.Admin.Id, UserSelection.Of(school.Marion.Id, school.Teacher.Id) with { IncludeStaff = true });
        await school.DeliverAsync();
        Assert.Equal([NoticeSchool.Mother, NoticeSchool.MarionsFather], Smtp.Messages().Select(m => m.To).Order());
        Assert.Contains((await school.JournalDetailsAsync()), d => d == "Prévenir la personne concernée : non ; prévenir les responsables légaux : oui");
    }

    [Fact]
    public async Task A_reset_while_the_mail_server_is_down_succeeds_and_its_notice_arrives_once_the_server_is_back()
    {
        await Smtp.StopAsync();

        var reset = await ResetAsync(school.Admin, school.Teacher, "tulipe-orange-2026");
        Assert.True(reset.Succeeded, reset.Message);
        var run = await school.DeliverAsync();

        Assert.Equal((0, 1), (run.Sent, run.Retried));
        var waiting = Assert.Single(await school.NoticesAsync());
        Assert.Equal(NoticeStatus.Pending, waiting.Status);
        Assert.StartsWith("Le serveur de courrier 127.0.0.1:", waiting.LastError);
        Assert.Equal(school.Database.Clock.GetUtcNow().UtcDateTime.AddSeconds(1), waiting.NextAttemptAt);
        // Before its next attempt, nothing is tried.
        await Smtp.StartAsync();
        Assert.Equal(0, (await school.DeliverAsync()).Sent);

        school.Database.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, (await school.DeliverAsync()).Sent);

        var mail = Assert.Single(Smtp.Messages());
        Assert.Equal(NoticeSchool.TeacherEmail, mail.To);
        Assert.Contains("a été réinitialisé le mardi 1 septembre 2026 à 10 h 30", mail.Body);
        Assert.Equal(2, Assert.Single(await school.NoticesAsync()).Attempts);
    }

    [Fact]
    public async Task A_notice_still_undelivered_after_24_hours_is_marked_failed_journaled_and_listed_in_the_settings()
    {
        await Smtp.StopAsync();
        await ResetAsync(school.Admin, school.Teacher, "tulipe-orange-2026");
        await school.DeliverAsync();

        // Retries back off (1 s, 2 s, 4 s… at most MaxRetryMinutes): still pending after 23 hours.
        for (var hour = 1; hour <= 23; hour++)
        {
            school.Database.Clock.Advance(TimeSpan.FromHours(1));
            await school.DeliverAsync();
        }

        Assert.Equal(NoticeStatus.Pending, Assert.Single(await school.NoticesAsync()).Status);
        school.Database.Clock.Advance(TimeSpan.FromHours(1));
        var run = await school.DeliverAsync();

        Assert.Equal(1, run.Failed);
        Assert.Equal(NoticeStatus.Failed, Assert.Single(await school.NoticesAsync()).Status);
        var view = await school.Database.Get<NoticeSettingsService>().GetAsync(school.Admin.Id);
        var failed = Assert.Single(view!.Failed);
        Assert.Equal(("p•••@jules-ferry.example.fr", "PAQUAY Sophie", "mot de passe réinitialisé"), (failed.Recipient, failed.About, failed.Kind));
        Assert.StartsWith("Le serveur de courrier 127.0.0.1:", failed.Reason);
        var line = Assert.Single((await school.Database.Get<Journal>().SearchAsync(school.Admin.Id, new JournalQuery(Action: AuditAction.NoticeFailed))).Lines);
        Assert.StartsWith("Avis « mot de passe réinitialisé » non remis à p•••@jules-ferry.example.fr : Le serveur de courrier", line.Details);

        // « Renvoyer » once the server is back: it goes.
        await Smtp.StartAsync();
        Assert.True((await school.Database.Get<NoticeSettingsService>().RetryAsync(school.Admin.Id, failed.Id)).Succeeded);
        Assert.Equal(1, (await school.DeliverAsync()).Sent);
        Assert.Single(Smtp.Messages());
    }

    [Fact]
    public async Task A_staff_lockout_is_told_to_the_staff_member_and_a_pupils_is_not()
    {
        var signIn = school.Database.Get<SignInService>();
        for (var i = 0; i < 5; i++)
        {
            await signIn.SignInAsync("paquay", "pas-le-bon-mot-de-passe");
            await signIn.SignInAsync("bm", "pas-le-bon");
        }

        var change = Assert.Single(await school.ChangesAsync());
        Assert.Equal((CredentialChangeKind.LockedOut, (int?)null), (change.Kind, change.ActorId));
        Assert.Equal([school.Teacher.Id], change.Targets());
        await school.DeliverAsync();

        var mail = Assert.Single(Smtp.Messages());
        Assert.Equal(NoticeSchool.TeacherEmail, mail.To);
        Assert.Equal("École élémentaire Jules-Ferry : compte verrouillé", mail.Subject);
        Assert.Contains("Votre compte Médiathèque (identifiant « paquay ») a été verrouillé le mardi 1 septembre 2026 à 10 h 30, pour 15 minutes, après plusieurs essais de mot de passe erronés.", mail.Body);
        Assert.Contains("Si ce n'était pas vous, quelqu'un a peut-être essayé de deviner votre mot de passe", mail.Body);
        Assert.DoesNotContain("pas-le-bon", mail.Raw);
    }

    [Fact]
    public async Task Cards_picture_sequences_and_an_import_with_passwords_each_write_one_change_for_the_users_who_had_a_way_in()
    {
        var cards = await school.Database.Get<LoginCardService>().IssueAsync(school.Admin.Id, UserSelection.Of(school.Marion.Id, school.Leo.Id));
        Assert.True(cards.Result.Succeeded);
        int classId;
        await using (var db = school.Database.CreateDbContext())
        {
            classId = await db.Groups.Where(g => g.Name == "Mme PAQUAY").Select(g => g.Id).SingleAsync();
        }

        var pictures = await school.Database.Get<PictureSignInSetup>().EnableAsync(school.Teacher.Id, classId);
        Assert.True(pictures.Result.Succeeded, pictures.Result.Message);
        var file = ImportSamples.Own("BESSON;Marion;bm;soleil-vert-42;;;;Mme PAQUAY;CE1;;", "NOUVEAU;Noé;nn;lune-rose-77;;;;Mme PAQUAY;CE1;;");
        var choices = new ImportChoices { CreateMissingGroups = true, UpdatePasswordsFromFile = true };
        var import = await school.Database.Get<ImportService>().ApplyAsync(school.Admin.Id, file, choices,
            await school.Database.Get<ImportService>().PreviewAsync(school.Admin.Id, file, choices));
        Assert.True(import.Succeeded, import.Result.Message);

        var changes = await school.ChangesAsync();
        Assert.Equal([CredentialChangeKind.LoginCardIssued, CredentialChangeKind.PictureSequenceIssued, CredentialChangeKind.PasswordSetByImport],
            changes.Select(c => c.Kind));
        Assert.Equal([school.Marion.Id, school.Leo.Id], changes[0].Targets().Order());
        Assert.Equal([school.Marion.Id, school.Leo.Id, school.Zoe.Id], changes[1].Targets().Order());
        Assert.Equal(school.Teacher.Id, changes[1].ActorId);
        // The new pupil had no way in to be told about.
        Assert.Equal([school.Marion.Id], changes[2].Targets());

        await school.TellParentsAsync();
        await school.DeliverAsync();
        var mails = Smtp.Messages();
        Assert.Contains(mails, m => IsMother(m) && m.Body.Contains("Des cartes de connexion (QR code) ont été imprimées pour vos enfants Léo BESSON et Marion BESSON", StringComparison.Ordinal));
        Assert.Contains(mails, m => IsMother(m) && m.Body.Contains("De nouvelles séquences d'images de connexion ont été attribuées à vos enfants Léo BESSON et Marion BESSON le mardi 1 septembre 2026 à 10 h 30 par Mme PAQUAY, enseignante", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == NoticeSchool.MarionsFather && m.Body.Contains("a été changé le mardi 1 septembre 2026 à 10 h 30 par un administrateur de l'école, lors de l'import de la liste des élèves", StringComparison.Ordinal));
        var secrets = cards.Cards.Select(c => c.Token).Concat(pictures.Cards.Select(c => PictureSequences.Keys(c.Sequence))).Append("soleil-vert-42").Append("lune-rose-77");
        foreach (var secret in secrets)
        {
            Assert.All(mails, m => Assert.DoesNotContain(secret, m.Raw));
        }
    }

    [Fact]
    public async Task A_change_that_is_not_saved_leaves_no_event_behind()
    {
        var interceptor = new ConcurrentWriteInterceptor();
        await using var other = await NoticeSchool.CreateAsync(provider, Smtp, configure: ConcurrentWriteInterceptor.Install(interceptor));
        interceptor.BeforeNextSave = async () =>
        {
            // Someone else edits Marion between the bulk reset's read and its save: the reset writes nothing at all.
            await using var db = other.Database.CreateDbContext();
            await db.Users.Where(u => u.Id == other.Marion.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Version, u => u.Version + 1));
        };

        var outcome = await other.Database.Get<BulkPasswordReset>().ApplyAsync(other.Admin.Id, UserSelection.Of(other.Marion.Id, other.Leo.Id));

        Assert.False(outcome.Result.Succeeded);
        Assert.Empty(await other.ChangesAsync());
    }

    [Fact]
    public async Task Without_an_smtp_host_no_notice_is_produced_and_the_settings_say_so()
    {
        await using var unconfigured = await NoticeSchool.CreateAsync(provider, Smtp, mail: false);

        var reset = await unconfigured.Database.Get<PasswordService>().ResetAsync(
            new PasswordReset(unconfigured.Admin.Id, unconfigured.Teacher.Id, "tulipe-orange-2026", "tulipe-orange-2026", false));
        await NoticeSchool.DeliverAsync(unconfigured.Database.Services);

        Assert.True(reset.Succeeded);
        Assert.Empty(await unconfigured.ChangesAsync());
        Assert.Empty(Smtp.Messages());
        var view = await unconfigured.Database.Get<NoticeSettingsService>().GetAsync(unconfigured.Admin.Id);
        Assert.False(view!.MailConfigured);
        Assert.Equal(NoticeSettingsService.NotConfigured,
            (await unconfigured.Database.Get<NoticeSettingsService>().SendTestAsync(unconfigured.Admin.Id, "direction@jules-ferry.example.fr")).Message);
    }

    [Fact]
    public async Task Only_an_administrator_reads_and_changes_the_settings_and_the_test_message_arrives()
    {
        var settings = school.Database.Get<NoticeSettingsService>();
        Assert.Null(await settings.GetAsync(school.Teacher.Id));
        Assert.Equal(NoticeSettingsService.NotAllowed, (await settings.SaveAsync(school.Teacher.Id, false, true)).Message);
        Assert.Equal(NoticeSettingsService.NotAllowed, (await settings.SendTestAsync(school.Teacher.Id, NoticeSchool.TeacherEmail)).Message);
        var view = await settings.GetAsync(school.Admin.Id);
        Assert.Equal((true, true, false), (view!.MailConfigured, view.Settings.NotifyUsers, view.Settings.NotifyLegalRepresentatives));
        Assert.Equal($"127.0.0.1:{Smtp.Port} (sans chiffrement)", view.Server);

        Assert.Equal("Indiquez l'adresse e-mail qui doit recevoir le message d'essai.", (await settings.SendTestAsync(school.Admin.Id, "pas une adresse")).Message);
        var sent = await settings.SendTestAsync(school.Admin.Id, "direction@jules-ferry.example.fr");

        Assert.True(sent.Succeeded, sent.Message);
        var mail = Assert.Single(Smtp.Messages());
        Assert.Equal(("direction@jules-ferry.example.fr", "École élémentaire Jules-Ferry : message d'essai de la Médiathèque"), (mail.To, mail.Subject));
        Assert.Contains("Message d'essai envoyé à d•••@jules-ferry.example.fr", await school.JournalDetailsAsync());

        await Smtp.StopAsync();
        var down = await settings.SendTestAsync(school.Admin.Id, "direction@jules-ferry.example.fr");
        Assert.StartsWith("Le message d'essai n'est pas parti. Le serveur de courrier 127.0.0.1:", down.Message);
    }

    [Fact]
    public async Task The_csvs_legal_representatives_are_stored_updated_and_shown_to_administrators_only()
    {
        const string header = "Nom;Prénom;Identifiant;Email responsable 1;Email responsable 2;Classe";
        var service = school.Database.Get<ImportService>();
        var choices = new ImportChoices { CreateMissingGroups = true };
        async Task<ImportPreview> ApplyAsync(params string[] lines)
        {
            var file = ImportFileReader.Read("responsables.csv", System.Text.Encoding.UTF8.GetBytes(header + "\n" + string.Join('\n', lines) + "\n"));
            var preview = await service.PreviewAsync(school.Admin.Id, file, choices);
            var outcome = await service.ApplyAsync(school.Admin.Id, file, choices, preview);
            Assert.True(outcome.Succeeded, outcome.Result.Message);
            return preview;
        }

        var first = await ApplyAsync("ZOLA;Zoé;zz;mere.zola@famille.example.fr;;Mme PAQUAY", "NOUVEAU;Noé;nn;parent.noe@famille.example.fr;autre.noe@famille.example.fr;Mme PAQUAY",
            "BESSON;Marion;bm;;;Mme PAQUAY");
        Assert.Contains("Email responsable 1 : — → mere.zola@famille.example.fr", first.Updates.Single(u => u.Login == "zz").Changes);
        var noe = await school.Database.FindUserAsync("nn");
        var representatives = school.Database.Get<LegalRepresentatives>();
        Assert.Equal([new LegalRepresentativeLine(1, null, "parent.noe@famille.example.fr"), new LegalRepresentativeLine(2, null, "autre.noe@famille.example.fr")],
            await representatives.GetAsync(school.Admin.Id, noe.Id));
        // An empty cell keeps what the school knows (Marion's two parents).
        Assert.Equal([NoticeSchool.Mother, NoticeSchool.MarionsFather], (await representatives.GetAsync(school.Admin.Id, school.Marion.Id))!.Select(r => r.Email));

        var second = await ApplyAsync("ZOLA;Zoé;zz;pere.zola@famille.example.fr;;Mme PAQUAY");
        Assert.Contains("Email responsable 1 : mere.zola@famille.example.fr → pere.zola@famille.example.fr", second.Updates.Single().Changes);
        Assert.Equal(["pere.zola@famille.example.fr"], (await representatives.GetAsync(school.Admin.Id, school.Zoe.Id))!.Select(r => r.Email));

        // Never to a teacher, even hers, nor to the pupil.
        Assert.Null(await representatives.GetAsync(school.Teacher.Id, school.Zoe.Id));
        Assert.Null(await representatives.GetAsync(school.Zoe.Id, school.Zoe.Id));

        var refused = ImportFileReader.Read("responsables.csv", System.Text.Encoding.UTF8.GetBytes(header + "\nZOLA;Zoé;zz;pas-une-adresse;;Mme PAQUAY\n"));
        var issues = (await service.PreviewAsync(school.Admin.Id, refused, choices)).Issues;
        Assert.Contains(issues, i => i.Column == "Email responsable 1" && i.Line == 2);
    }
}
