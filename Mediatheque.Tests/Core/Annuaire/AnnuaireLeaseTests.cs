using Mediatheque.Core.Annuaire;
using Mediatheque.Core.Jobs;
using Mediatheque.Core.Persistence;
using Mediatheque.Core.Users;
using Mediatheque.Tests.Annuaire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core.Annuaire;

/// <summary>
/// One synchronisation at a time across every node: the « annuaire-sync » lease in the database decides, not a lock
/// in one process. Each caller below has its own service scope, as two tabs or the schedule would; nothing else
/// stands between them than the database. The test clock reads 08:30 UTC, 10:30 at the school (Europe/Paris).
/// </summary>
public abstract class AnnuaireLeaseTests(EcoleDirectory directory, DatabaseProvider provider) : AnnuaireDatabaseTests(directory, provider)
{
    public sealed class OnSqlite(EcoleDirectory directory) : AnnuaireLeaseTests(directory, DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql(EcoleDirectory directory) : AnnuaireLeaseTests(directory, DatabaseProvider.PostgreSql);

    private const string RefusedAtHalfPastTen =
        "Une synchronisation de l'annuaire est déjà en cours (depuis 10:30). Réessayez dans quelques minutes.";

    [Fact]
    public async Task Of_two_synchronisations_started_together_one_runs_and_the_other_is_refused_in_french()
    {
        await using var firstTab = Database.Services.CreateAsyncScope();
        await using var secondTab = Database.Services.CreateAsyncScope();
        using var paused = new PausedAtFirstStep();
        var first = Task.Run(() => firstTab.ServiceProvider.GetRequiredService<AnnuaireSync>().SyncNowAsync(Admin.Id, paused));
        await paused.Reached.WaitAsync(TimeSpan.FromMinutes(1));

        var second = await secondTab.ServiceProvider.GetRequiredService<AnnuaireSync>().SyncNowAsync(Admin.Id);
        paused.Resume();
        var run = await first;

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal((false, 0, RefusedAtHalfPastTen), (second.Succeeded, second.Id, second.Error));
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.AnnuaireRuns.CountAsync());
        Assert.Equal(13, await db.Users.CountAsync());
        Assert.Null(await Sync.RunningSinceAsync());
    }

    [Fact]
    public async Task A_lease_left_by_a_crashed_node_blocks_until_it_expires_then_is_taken_over()
    {
        var crashed = await Database.Get<JobLeases>().TryAcquireAsync(AnnuaireSync.LeaseName, AnnuaireSync.LeaseDuration);
        Assert.NotNull(crashed.Lease);

        var refused = await Sync.SyncNowAsync(Admin.Id);
        Database.Clock.Advance(AnnuaireSync.LeaseDuration + TimeSpan.FromSeconds(1));
        var taken = await Sync.SyncNowAsync(Admin.Id);

        Assert.Equal(RefusedAtHalfPastTen, refused.Error);
        Assert.True(taken.Succeeded, taken.Error);
        Assert.Equal(12, taken.Created);
    }

    [Fact]
    public async Task A_node_that_comes_back_after_its_lease_was_taken_over_does_not_release_the_new_holders_lease()
    {
        var leases = Database.Get<JobLeases>();
        var stalled = (await leases.TryAcquireAsync(AnnuaireSync.LeaseName, AnnuaireSync.LeaseDuration)).Lease!;
        Database.Clock.Advance(AnnuaireSync.LeaseDuration + TimeSpan.FromSeconds(1));
        var current = (await leases.TryAcquireAsync(AnnuaireSync.LeaseName, AnnuaireSync.LeaseDuration)).Lease;

        await stalled.DisposeAsync();
        var stillRefused = await Sync.SyncNowAsync(Admin.Id);

        Assert.NotNull(current);
        Assert.False(await stalled.RenewAsync(AnnuaireSync.LeaseDuration, CancellationToken.None));
        Assert.Equal("Une synchronisation de l'annuaire est déjà en cours (depuis 10:40). Réessayez dans quelques minutes.", stillRefused.Error);
    }

    [Fact]
    public async Task The_lease_is_released_after_a_synchronisation_that_failed()
    {
        await using var refusedAccount = await DatabaseWhereAsync("BindPassword", "pas-le-bon");
        var administrator = await refusedAccount.FindUserAsync("admin");
        var sync = refusedAccount.Get<AnnuaireSync>();

        var failed = await sync.SyncNowAsync(administrator.Id);
        var again = await sync.SyncNowAsync(administrator.Id);

        Assert.False(failed.Succeeded);
        Assert.Contains("refuse le compte de service", failed.Error);
        Assert.Null(await sync.RunningSinceAsync());
        // Not refused as « déjà en cours »: it ran, and failed for the same reason.
        Assert.Equal((false, failed.Error), (again.Succeeded, again.Error));
        await using var db = refusedAccount.CreateDbContext();
        Assert.Equal(2, await db.AnnuaireRuns.CountAsync());
    }

    [Fact]
    public async Task The_lease_is_released_after_a_cancelled_synchronisation()
    {
        using var cancel = new CancellationTokenSource();
        using var paused = new PausedAtFirstStep();
        var running = Task.Run(() => Sync.SyncNowAsync(Admin.Id, paused, cancel.Token));
        await paused.Reached.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.NotNull(await Sync.RunningSinceAsync());

        await cancel.CancelAsync();
        paused.Resume();
        var run = await running;
        var next = await Sync.SyncNowAsync(Admin.Id);

        Assert.Equal((false, "Synchronisation interrompue : rien n'a été modifié."), (run.Succeeded, run.Error));
        Assert.True(next.Succeeded, next.Error);
    }

    private AnnuaireSync Sync => Database.Get<AnnuaireSync>();

    /// <summary>Holds a run at its first step (the lease taken, nothing read yet) until the test lets it go on.</summary>
    private sealed class PausedAtFirstStep : IProgress<AnnuaireProgress>, IDisposable
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim resume = new();

        public Task Reached => reached.Task;

        public void Report(AnnuaireProgress value)
        {
            if (reached.TrySetResult())
            {
                resume.Wait(TimeSpan.FromMinutes(1));
            }
        }

        public void Resume() => resume.Set();

        public void Dispose() => resume.Dispose();
    }
}
