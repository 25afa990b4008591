using System.Collections.Concurrent;
using Mediatheque.Benchmarks.Capacity;
using Mediatheque.Core.Text;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>The app, counting the circuits open on it and keeping what it logs as errors.</summary>
public sealed class CircuitCountingAppServer : AppServer
{
    public OpenCircuits Circuits { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<CircuitHandler>(Circuits));
        builder.ConfigureLogging(logging => logging.AddProvider(new LineLogger(LogLevel.Error, (_, text) => Errors.Enqueue(text))));
    }

    /// <summary>What the server logged as an error, with its exception.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public sealed class OpenCircuits : CircuitHandler
    {
        private int open;

        public int Count => Volatile.Read(ref open);

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref open);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// Issue 15: the capacity benchmark's light client stands for a browser tab, so its figures are the server's only if
/// it drives a real circuit as blazor.web.js does: signed in through the form, a circuit the server counts, searches
/// that show the counts Core computes, and a circuit ended when the tab closes.
/// </summary>
public sealed class LightClientTests(CircuitCountingAppServer app) : IClassFixture<CircuitCountingAppServer>
{
    [Fact]
    public async Task A_light_tab_holds_a_real_circuit_whose_searches_show_the_counts_core_computes()
    {
        var admin = await app.IdOfAsync("admin");
        var finder = app.Get<UserFinder>();
        var martin = FrenchCount.Users((await finder.SearchAsync(admin, new UserQuery { Search = "martin" })).Total);
        var everyone = FrenchCount.Users((await finder.SearchAsync(admin, new UserQuery())).Total);
        var logPath = Path.GetTempFileName();
        try
        {
            using var log = new TabLog(logPath);
            await using var client = await LightClient.SignInAsync(app.BaseUrl, "admin", "admin-demo-2026", log);

            var tab = await client.OpenAsync();
            Assert.Equal(1, app.Circuits.Count);
            Assert.Equal(SampleOutcome.Measured, (await tab.TypeAsync("martin", martin)).Outcome);
            Assert.Equal(SampleOutcome.Measured, (await tab.ClearAsync(everyone)).Outcome);

            await tab.CloseAsync();
            for (var i = 0; i < 100 && app.Circuits.Count > 0; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(0, app.Circuits.Count); // ended at once, not kept as disconnected
            Assert.True(log.Problems == 0, File.ReadAllText(logPath) + Environment.NewLine + string.Join(Environment.NewLine, app.Errors));
            Assert.Empty(app.Errors); // the server logged no failure: no circuit ended by an error
        }
        finally
        {
            File.Delete(logPath);
        }
    }
}
