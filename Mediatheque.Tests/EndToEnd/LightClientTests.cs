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
[Collection(AloneCollection.Name)]
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

/// <summary>
/// Issue 25: the light tab sends the server what blazor.web.js sends for the same typing in Chromium (the benchmark's
/// own Chromium tab, GridTab): MudTextField's keydown and keyup per keystroke, each with the field's text, and one
/// « change » per search (search.js), so that the capacity figures are those of real tabs.
/// </summary>
public sealed class LightClientParityTests(BrowserFixture browser, CircuitCountingAppServer app) : EndToEndTest(browser, app), IClassFixture<CircuitCountingAppServer>
{
    [Fact]
    public async Task A_light_tab_sends_the_events_chromium_sends_for_typing_a_name_and_clearing_it()
    {
        var admin = await App.IdOfAsync("admin");
        var finder = App.Get<UserFinder>();
        var martin = FrenchCount.Users((await finder.SearchAsync(admin, new UserQuery { Search = "martin" })).Total);
        var everyone = FrenchCount.Users((await finder.SearchAsync(admin, new UserQuery())).Total);

        var chromium = new List<string>();
        await Context.AddInitScriptAsync(GridTab.Probe);
        Context.Page += (_, page) => page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            if (Describe(frame.Text ?? System.Text.Encoding.UTF8.GetString(frame.Binary ?? [])) is { } sent)
            {
                lock (chromium)
                {
                    chromium.Add(sent);
                }
            }
        };
        await SignInAsync("admin", "admin-demo-2026");
        var tab = await GridTab.OpenAsync(Context);
        Assert.Equal(SampleOutcome.Measured, (await tab.TypeAsync("martin", martin)).Outcome);
        Assert.Equal(SampleOutcome.Measured, (await tab.ClearAsync(everyone)).Outcome);
        await tab.CloseAsync();

        var logPath = Path.GetTempFileName();
        try
        {
            using var log = new TabLog(logPath);
            await using var client = await LightClient.SignInAsync(App.BaseUrl, "admin", "admin-demo-2026", log);
            var light = (LightTab)await client.OpenAsync();
            light.Sent = [];
            Assert.Equal(SampleOutcome.Measured, (await light.TypeAsync("martin", martin)).Outcome);
            Assert.Equal(SampleOutcome.Measured, (await light.ClearAsync(everyone)).Outcome);
            await light.CloseAsync();

            lock (chromium)
            {
                Assert.Equal(6 * 2 + 1 + 6 + 1, chromium.Count); // six letters, their search, Control+A and Backspace, theirs
                Assert.Equal(chromium, light.Sent);
            }

            Assert.True(log.Problems == 0, File.ReadAllText(logPath));
            Assert.Empty(app.Errors);
        }
        finally
        {
            File.Delete(logPath);
        }
    }

    /// <summary>A browser event the page handed its circuit, described as LightTab describes what it sends; null for other messages.</summary>
    private static string? Describe(string frame)
    {
        var start = frame.IndexOf("[{\"eventHandlerId\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(frame[start..(frame.LastIndexOf(']') + 1)]);
        var (descriptor, args) = (json.RootElement[0], json.RootElement[1]);
        var name = descriptor.GetProperty("eventName").GetString();
        var field = descriptor.GetProperty("eventFieldInfo") is { ValueKind: System.Text.Json.JsonValueKind.Object } info ? info.GetProperty("fieldValue").ToString() : null;
        return name switch
        {
            "keydown" or "keyup" => $"{name} {args.GetProperty("key").GetString()} {args.GetProperty("code").GetString()} location {args.GetProperty("location").GetInt32()} " +
                                    $"ctrl {args.GetProperty("ctrlKey").GetBoolean()} «{field}»",
            "change" => $"change «{args.GetProperty("value").GetString()}»",
            _ => $"{name} «{field}»",
        };
    }
}
