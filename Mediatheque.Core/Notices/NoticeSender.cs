using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.Notices;

/// <summary>
/// The background sender, on every node: a pass of <see cref="NoticeDelivery"/> every <see cref="MailOptions.PollSeconds"/>,
/// or at once after a change saved on this node. Nothing a user does waits for it; a mail server that is down makes
/// notices late, never lost (they wait in the database). Does nothing without an SMTP host.
/// </summary>
public sealed class NoticeSender(IServiceScopeFactory scopes, IOptions<MailOptions> options, NoticeSignal signal, ILogger<NoticeSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            logger.LogInformation("Mediatheque:Mail:Smtp:Host is not set: no notice is produced or sent.");
            return;
        }

        var poll = TimeSpan.FromSeconds(Math.Max(0.2, options.Value.PollSeconds));
        var nextPurge = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var delivery = scope.ServiceProvider.GetRequiredService<NoticeDelivery>();
                var run = await delivery.RunOnceAsync(stoppingToken);
                if (run.Sent > 0)
                {
                    logger.LogInformation("Notices: {Sent} sent, {Retried} to retry, {Failed} given up.", run.Sent, run.Retried, run.Failed);
                }

                if (DateTime.UtcNow >= nextPurge)
                {
                    await delivery.PurgeAsync(stoppingToken);
                    nextPurge = DateTime.UtcNow.AddHours(1);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be unreachable for a while: the notices wait in it, the next pass tries again.
                logger.LogWarning("Notices: this pass stopped early ({Error}); the next one tries again.", e.Message);
            }

            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
