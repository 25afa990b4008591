using System.Net;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>
/// One app node as the systemd unit runs it: `dotnet Mediatheque.Blazor.dll` from the publish output, in Production,
/// configured by environment variables, on a free loopback port.
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    private readonly string folder;
    private readonly IDictionary<string, string> settings;
    private ChildProcess? process;

    private AppNode(string folder, IDictionary<string, string> settings)
    {
        this.folder = folder;
        this.settings = settings;
        Port = LoopbackPort.Free();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public bool IsRunning => process is { HasExited: false };

    public string Output => process?.Output ?? string.Empty;

    /// <summary>The node's output once it holds <paramref name="text"/> (the console logger writes from a queue), or as it is after 15 s.</summary>
    public async Task<string> OutputOnceItSaysAsync(string text)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(15) && !Output.Contains(text, StringComparison.Ordinal); waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(100);
        }

        return Output;
    }

    public static async Task<AppNode> StartAsync(string publishFolder, IDictionary<string, string> settings)
    {
        var node = new AppNode(publishFolder, settings);
        await node.StartAsync();
        return node;
    }

    /// <summary>Starts (or starts again) the node and waits until its /health says it can serve.</summary>
    public async Task StartAsync()
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = Url,
            ["DOTNET_NOLOGO"] = "1",
        };
        process = ChildProcess.Start("dotnet", [Path.Combine(folder, "Mediatheque.Blazor.dll")], folder, environment);
        await WaitUntilHealthyAsync(process, Url);
    }

    /// <summary>Waits until the app this process runs says on /health, at this address, that it can serve.</summary>
    public static async Task WaitUntilHealthyAsync(ChildProcess process, string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var health = await client.GetAsync(url + "/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The app at {url} did not become healthy:\n{process.Output}");
    }

    /// <summary>Stops the node as systemd does (SIGTERM) and returns its exit code.</summary>
    public Task<int> StopAsync() => process!.TerminateAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }
    }
}
