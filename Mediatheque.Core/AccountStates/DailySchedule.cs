using System.Globalization;
using Mediatheque.Core.Audit;
using Mediatheque.Core.Backups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mediatheque.Core.AccountStates;

/// <summary>When the night's work runs (configuration section « Mediatheque:DailyJob »).</summary>
public sealed class DailyJobOptions
{
    public const string Section = "Mediatheque:DailyJob";

    /// <summary>The school's time (Paris) of the night's backup and account job, « HH:mm ».</summary>
    public string At { get; set; } = "02:30";

    public bool Enabled { get; set; } = true;

    public TimeOnly Time => TimeOnly.ParseExact(At, "HH:mm", CultureInfo.InvariantCulture);

    public bool HasValidTime => TimeOnly.TryParseExact(At, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

/// <summary>
/// Each night at <see cref="DailyJobOptions.At"/>: the backup (<see cref="DatabaseBackup.TakeNightlyAsync"/>), then the
/// accounts' daily job (<see cref="AccountStateJob"/>), each once a school day across every node. A night the server was
/// down is made up by the next one: the job moves whoever is due by then.
/// </summary>
internal sealed class DailySchedule(IServiceScopeFactory scopes, IOptions<DailyJobOptions> options, TimeProvider clock, ILogger<DailySchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                await Task.Delay(NextRun(now, options.Value.Time) - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<DatabaseBackup>().TakeNightlyAsync(stoppingToken) is { Succeeded: false } failed)
                {
                    logger.LogError("The nightly backup failed: {Reason}", failed.Message);
                }

                var run = await scope.ServiceProvider.GetRequiredService<AccountStateJob>().RunAsync(stoppingToken);
                logger.LogInformation("Daily account job: {Outcome}, {Deactivated} deactivated, {Erased} erased in {Schools} school(s)",
                    run.Refusal ?? "done", run.Deactivated, run.Erased, run.Schools.Count);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Tomorrow's run may succeed (a database restarting): the schedule goes on.
                logger.LogError(e, "The daily job failed");
            }
        }
    }

    /// <summary>The next instant the school's clock shows <paramref name="at"/>, after <paramref name="now"/>.</summary>
    internal static DateTime NextRun(DateTime now, TimeOnly at)
    {
        var day = Journal.SchoolDay(now);
        for (var i = 0; ; i++)
        {
            var run = Journal.StartOfDayUtc(day.AddDays(i)) + at.ToTimeSpan();
            if (run > now)
            {
                return run;
            }
        }
    }
}
