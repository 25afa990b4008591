using System.Collections.Concurrent;
using Mediatheque.Benchmarks.Capacity;
using Mediatheque.Core.Accounts;
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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mediatheque.Tests.Core.Notices;

/// <summary>Issue 23: whatever way in was changed, no password, card token, picture sequence or SMTP password reaches a mail, a log line or the journal.</summary>
public sealed class NoticeSecretsTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private const string SmtpPassword = "mot-de-passe-smtp-Zx81";

    private readonly ConcurrentQueue<string> logs = new();

    private Action<IServiceCollection> Logged => services => services.AddLogging(logging => logging
        .SetMinimumLevel(LogLevel.Trace).AddProvider(new LineLogger(LogLevel.Trace, (level, text) => logs.Enqueue($"{level}: {text}"))));

    [Fact]
    public async Task No_secret_reaches_a_mail_a_log_line_a_notice_row_or_the_journal()
    {
        await using var school = await NoticeSchool.CreateAsync(DatabaseProvider.Sqlite, smtp.Server, configure: Logged);
        await school.TellParentsAsync();
        var secrets = new List<string> { "tulipe-orange-2026", "soleil-vert-42", "lune-rose-77", "paquay-password-2026", "mauvais-essai-7" };

        Assert.True((await school.Database.Get<PasswordService>().ResetAsync(
            new PasswordReset(school.Admin.Id, school.Teacher.Id, secrets[0], secrets[0], false))).Succeeded);
        var bulk = await school.Database.Get<BulkPasswordReset>().ApplyAsync(school.Admin.Id, UserSelection.Of(school.Marion.Id, school.Leo.Id, school.Zoe.Id));
        secrets.AddRange(bulk.Credentials.Select(c => c.Password));
        var cards = await school.Database.Get<LoginCardService>().IssueAsync(school.Admin.Id, UserSelection.Of(school.Marion.Id, school.Leo.Id));
        secrets.AddRange(cards.Cards.Select(c => c.Token));
        await using (var db = school.Database.CreateDbContext())
        {
            var classId = await db.Groups.Where(g => g.Name == "Mme PAQUAY").Select(g => g.Id).SingleAsync();
            var pictures = await school.Database.Get<PictureSignInSetup>().EnableAsync(school.Teacher.Id, classId);
            secrets.Add(pictures.Code!);
            secrets.AddRange(pictures.Cards.Select(c => PictureSequences.Keys(c.Sequence)));
        }

        var file = ImportSamples.Own($"BESSON;Marion;bm;{secrets[1]};;;;Mme PAQUAY;CE1;;", $"NOUVEAU;Noé;nn;{secrets[2]};;;;Mme PAQUAY;CE1;;");
        var choices = new ImportChoices { CreateMissingGroups = true, UpdatePasswordsFromFile = true };
        var import = school.Database.Get<ImportService>();
        Assert.True((await import.ApplyAsync(school.Admin.Id, file, choices, await import.PreviewAsync(school.Admin.Id, file, choices))).Succeeded);
        // The teacher locks herself out, with her old password among the wrong ones.
        for (var i = 0; i < 5; i++)
        {
            await school.Database.Get<SignInService>().SignInAsync("paquay", i == 0 ? secrets[3] : secrets[4]);
        }

        await school.DeliverAsync();
        var mails = smtp.Server.Messages();
        Assert.True(mails.Count >= 8, $"{mails.Count} mails");
        Assert.Contains(mails, m => m.Subject.EndsWith("compte verrouillé", StringComparison.Ordinal));

        // A second deployment authenticates to its mail server with a password: refused (the test server has no AUTH), never written.
        await using var authenticated = await NoticeSchool.CreateAsync(DatabaseProvider.Sqlite, smtp.Server, configure: Logged, settings: new Dictionary<string, string?>
        {
            ["Mediatheque:Mail:Smtp:User"] = "mediatheque",
            ["Mediatheque:Mail:Smtp:Password"] = SmtpPassword,
        });
        var test = await authenticated.Database.Get<NoticeSettingsService>().SendTestAsync(authenticated.Admin.Id, "direction@jules-ferry.example.fr");
        Assert.False(test.Succeeded);
        await authenticated.Database.Get<PasswordService>().ResetAsync(new PasswordReset(authenticated.Admin.Id, authenticated.Teacher.Id, secrets[0], secrets[0], false));
        await authenticated.DeliverAsync();
        var refused = Assert.Single(await authenticated.NoticesAsync());
        Assert.NotNull(refused.LastError);
        secrets.Add(SmtpPassword);

        var journal = (await school.JournalDetailsAsync()).Concat(await authenticated.JournalDetailsAsync()).ToList();
        var rows = (await school.NoticesAsync()).Concat(await authenticated.NoticesAsync()).SelectMany(n => new[] { n.Body, n.Subject, n.LastError ?? string.Empty }).ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, l => l.Contains("not delivered", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.All(mails, m => Assert.DoesNotContain(secret, m.Raw + m.Body + m.Subject));
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(journal, d => d.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(rows, r => r.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(test.Message, secret);
        }

        // Nor a sign-in link: no address at all.
        Assert.All(mails, m => Assert.DoesNotContain("://", m.Body));
    }
}
