using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Mediatheque.Tests.Notices;

/// <summary>A message as the test server stored it: the envelope's recipient (aiosmtpd's « X-RcptTo ») and the parsed mail.</summary>
public sealed record ReceivedMail(string To, string Subject, string Body, string Raw, MimeMessage Message);

/// <summary>
/// A private SMTP server for one test class (or one benchmark): Debian's python3-aiosmtpd, run by Debian's own
/// <c>/usr/bin/python3</c> (the <c>python3</c> first on PATH may be another Python that does not see Debian's packages),
/// listening on a free loopback port, with aiosmtpd's Mailbox handler writing each message to a Maildir in a temporary
/// folder. The handler creates the Maildir itself: its folder must not exist beforehand. <see cref="StopAsync"/> and
/// <see cref="StartAsync()"/> take it down and up again on the same port and folder (the « mail server down » tests).
/// Linked into Mediatheque.Benchmarks too: no xunit here.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string From = "Médiathèque <ne-pas-repondre@jules-ferry.example.fr>";

    private readonly string folder;
    private Process? process;

    private SmtpServer(string folder, int port) => (this.folder, Port) = (folder, port);

    public int Port { get; }

    public string Maildir => Path.Combine(folder, "maildir");

    public bool IsRunning => process is { HasExited: false };

    /// <summary>The Médiathèque's configuration for this server (section Mediatheque:Mail), polling fast and retrying soon.</summary>
    public Dictionary<string, string?> Settings(double pollSeconds = 0.5, double retrySeconds = 1) => new()
    {
        ["Mediatheque:Mail:Smtp:Host"] = "127.0.0.1",
        ["Mediatheque:Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mediatheque:Mail:Smtp:Security"] = "None",
        ["Mediatheque:Mail:Smtp:From"] = From,
        ["Mediatheque:Mail:PollSeconds"] = pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mediatheque:Mail:RetrySeconds"] = retrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<SmtpServer> StartNewAsync()
    {
        var server = new SmtpServer(Directory.CreateTempSubdirectory("mediatheque-smtp-").FullName, LoopbackPort.Free());
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again), on its port and Maildir.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            // -n: no setuid to « nobody » (as root it would, and could not write the Maildir).
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start");
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"aiosmtpd exited with code {process.ExitCode} (port {Port}; apt-get install python3-aiosmtpd): {string.Join('\n', output)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"aiosmtpd did not listen on port {Port}: {string.Join('\n', output)}");
    }

    /// <summary>The mail server goes down (what a notice must survive); messages already stored stay.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Every message stored so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Messages()
    {
        var files = new[] { "new", "cur" }.Select(d => Path.Combine(Maildir, d)).Where(Directory.Exists)
            .SelectMany(Directory.GetFiles).Select(f => new FileInfo(f)).OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name);
        var messages = new List<ReceivedMail>();
        foreach (var file in files)
        {
            var raw = File.ReadAllText(file.FullName);
            using var stream = File.OpenRead(file.FullName);
            var message = MimeMessage.Load(stream);
            messages.Add(new ReceivedMail(message.Headers["X-RcptTo"] ?? string.Empty, message.Subject ?? string.Empty, message.TextBody ?? string.Empty, raw, message));
        }

        return messages;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages are stored, and returns them all.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Forgets the stored messages (between two steps of a test).</summary>
    public void Clear()
    {
        foreach (var file in new[] { "new", "cur" }.Select(d => Path.Combine(Maildir, d)).Where(Directory.Exists).SelectMany(Directory.GetFiles))
        {
            File.Delete(file);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
