using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// The app as production runs it: `dotnet publish -c Release`, started as its own process in Production on a free
/// loopback port, so that its heap and resident memory are the server's alone (not the benchmark's, nor Chromium's).
/// </summary>
public sealed class PublishedApp : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> lastLines = new();
    private readonly List<string> failures = [];
    private int failureCount;
    private readonly StreamWriter log;

    private PublishedApp(Process process, string baseUrl, string logPath)
    {
        this.process = process;
        BaseUrl = baseUrl;
        log = new StreamWriter(logPath) { AutoFlush = true };
    }

    public string BaseUrl { get; }

    public int ProcessId => process.Id;

    /// <summary>
    /// How many errors the app logged so far (« fail: » and « crit: » lines: an unhandled exception in a circuit, a
    /// JS call that threw); the first of them in <see cref="FailureLines"/>.
    /// </summary>
    public int Failures
    {
        get
        {
            lock (lastLines)
            {
                return failureCount;
            }
        }
    }

    public IReadOnlyList<string> FailureLines
    {
        get
        {
            lock (lastLines)
            {
                return [.. failures];
            }
        }
    }

    /// <summary>VmRSS: what the node's memory really holds for the process (managed heap, native, code).</summary>
    public long ResidentBytes =>
        File.ReadLines($"/proc/{process.Id}/status")
            .Where(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024)
            .Single();

    public static async Task PublishAsync(string repositoryRoot, string outputDirectory)
    {
        var project = Path.Combine(repositoryRoot, "Mediatheque.Blazor", "Mediatheque.Blazor.csproj");
        await Shell.RunAsync(repositoryRoot, "dotnet", "publish", project, "-c", "Release", "-o", outputDirectory, "--nologo", "-v", "q");
    }

    /// <summary>Starts the published app on the given SQLite file and waits until it answers; its log goes to app.log beside the file.</summary>
    public static async Task<PublishedApp> StartAsync(string appDirectory, string databasePath, IDictionary<string, string> settings)
    {
        var port = Mediatheque.Tests.LoopbackPort.Free();
        // Production requires HTTPS (secure cookies, antiforgery): Kestrel serves it with a throwaway certificate.
        var folder = Path.GetDirectoryName(databasePath)!;
        var (certificate, privateKey) = (Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"));
        await Shell.RunAsync(folder, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-keyout", privateKey, "-out", certificate);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(appDirectory, "Mediatheque.Blazor.dll"), "--urls", $"https://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Mediatheque"] = $"Data Source={databasePath}";
        start.Environment["Mediatheque__PublicUrl"] = $"https://127.0.0.1:{port}"; // required outside Development
        start.Environment["Kestrel__Certificates__Default__Path"] = certificate;
        start.Environment["Kestrel__Certificates__Default__KeyPath"] = privateKey;
        // app.log says when: a circuit's end is matched with what its tab saw (browser.log).
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = new PublishedApp(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"),
            $"https://127.0.0.1:{port}", Path.Combine(Path.GetDirectoryName(databasePath)!, "app.log"));
        app.process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        await app.WaitUntilAnsweringAsync();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        lock (lastLines)
        {
            log.Dispose();
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/connexion")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The app did not answer on {BaseUrl}:{Environment.NewLine}{string.Join(Environment.NewLine, lastLines)}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lastLines)
        {
            log.WriteLine(line);
            if (line.Contains("fail: ", StringComparison.Ordinal) || line.Contains("crit: ", StringComparison.Ordinal))
            {
                if (++failureCount <= 20)
                {
                    failures.Add(line);
                }
            }
            lastLines.Enqueue(line);
            if (lastLines.Count > 40)
            {
                lastLines.Dequeue();
            }
        }
    }
}
