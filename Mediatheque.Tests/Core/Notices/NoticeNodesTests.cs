using Mediatheque.Core.Accounts;
using Mediatheque.Core;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Groups;
using Mediatheque.Core.Notices;
using Mediatheque.Core.Passwords;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core.Notices;

/// <summary>Issue 23: several app nodes share one PostgreSQL database; each runs a sender, and no notice is sent twice.</summary>
public sealed class NoticeNodesTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private const int Pupils = 240;

    [Fact]
    public async Task Two_senders_on_one_postgresql_database_send_each_notice_exactly_once()
    {
        await using var school = await NoticeSchool.CreateAsync(DatabaseProvider.PostgreSql, smtp.Server);
        await using (var db = school.Database.CreateDbContext())
        {
            var group = new Group { Name = "CM2 B", Type = GroupType.Classe };
            for (var i = 0; i < Pupils; i++)
            {
                var pupil = new User
                {
                    Nom = $"ÉLÈVE{i:D3}", Prenom = "Prénom", Profil = Profil.Eleve, Login = $"e{i:D3}",
                    Account = new Account { Login = $"e{i:D3}" },
                };
                pupil.Memberships.Add(new GroupMembership { User = pupil, Group = group });
                pupil.LegalRepresentatives.Add(new LegalRepresentative { User = pupil, Position = 1, Email = $"parent{i:D3}@famille.example.fr" });
                db.Users.Add(pupil);
            }

            await db.SaveChangesAsync();
        }

        await school.TellParentsAsync();
        var outcome = await school.Database.Get<BulkPasswordReset>().ApplyAsync(school.Admin.Id, UserSelection.All(new UserQuery { Classe = "CM2 B" }));
        Assert.Equal(Pupils, outcome.Credentials.Count);

        // A second node: its own services on the same database and the same clock.
        var services = new ServiceCollection().AddLogging().AddMediathequeCore(school.Database.Configuration);
        services.AddSingleton<TimeProvider>(school.Database.Clock);
        await using var secondNode = services.BuildServiceProvider();
        IServiceProvider[] nodes = [school.Database.Services, secondNode];

        var sent = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            var total = 0;
            for (var pass = 0; pass < 100; pass++)
            {
                var run = await NoticeSchool.DeliverAsync(node);
                total += run.Sent;
                if (run is { Expanded: 0, Sent: 0 } && await PendingAsync(school) == 0)
                {
                    break;
                }
            }

            return total;
        })));

        var mails = await smtp.Server.WaitForAsync(Pupils);
        Assert.Equal(Pupils, sent.Sum());
        Assert.Equal(Pupils, mails.Count);
        Assert.Equal(Pupils, mails.Select(m => m.To).Distinct().Count());
        Assert.All(await school.NoticesAsync(), n => Assert.Equal((NoticeStatus.Sent, 1), (n.Status, n.Attempts)));
        await using var check = school.Database.CreateDbContext();
        Assert.Equal(Pupils, await check.AuditEntries.CountAsync(e => e.Action == AuditAction.NoticeSent));
    }

    private static async Task<int> PendingAsync(NoticeSchool school)
    {
        await using var db = school.Database.CreateDbContext();
        return await db.Notices.CountAsync(n => n.Status == NoticeStatus.Pending) + await db.CredentialChanges.CountAsync(c => c.ExpandedAt == null);
    }
}
