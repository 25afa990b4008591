using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Annuaire;

/// <summary>A synchronisation at start-up, then every SyncMinutes, while an LDAP directory is configured.</summary>
internal sealed class AnnuaireSchedule(IServiceScopeFactory scopes, IOptions<AnnuaireOptions> options, TimeProvider clock, ILogger<AnnuaireSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.UsesLdap)
        {
            return;
        }

        var trigger = "au démarrage";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var run = await scope.ServiceProvider.GetRequiredService<AnnuaireSync>().SyncAsync(trigger, actor: null, progress: null, stoppingToken);
                logger.LogInformation(
                    "Directory synchronisation ({Trigger}): {Outcome}, {Created} created, {Updated} updated, {Deactivated} deactivated, {Skipped} skipped",
                    trigger, run.Succeeded ? "applied" : run.Error, run.Created, run.Updated, run.Deactivated, run.Skipped);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next run may succeed (a database busy, a directory restarting): the schedule goes on.
                logger.LogError(e, "Directory synchronisation ({Trigger}) failed", trigger);
            }

            trigger = "planifiée";
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(Math.Max(1, options.Value.Ldap.SyncMinutes)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
