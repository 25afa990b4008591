using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// What the tabs saw, in tabs.log beside app.log. Chromium's: console errors and warnings, script errors, crashes, a
/// tab that left the grid (a reload, the sign-in page) and circuit sockets that closed. The light client's: the JS
/// calls the server made, circuit errors, sockets that closed. A circuit that dies shows up here first; what cannot
/// be right (a crash, a circuit error) is also counted in <see cref="Problems"/>, which the benchmark prints loudly.
/// </summary>
public sealed class TabLog : IDisposable
{
    private readonly StreamWriter writer;
    private readonly ConcurrentDictionary<string, int> calls = new();
    private int pages;
    private int problems;
    private bool closed;

    public TabLog(string path)
    {
        Path = path;
        writer = new StreamWriter(path) { AutoFlush = true };
    }

    public string Path { get; }

    /// <summary>How many things went wrong in the tabs so far (each also in the log, marked PROBLEM).</summary>
    public int Problems => Volatile.Read(ref problems);

    /// <summary>Events of every page the context opens from now on, each under its own number.</summary>
    public void Watch(IBrowserContext context) => context.Page += (_, page) => Watch(page, Interlocked.Increment(ref pages));

    public void Dispose()
    {
        lock (writer)
        {
            closed = true;
            writer.Dispose();
        }
    }

    private void Watch(IPage page, int number)
    {
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Write(number, $"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Write(number, $"script error: {error}");
        page.Crash += (_, _) => Problem(number, "crashed");
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                Write(number, $"at {frame.Url}");
            }
        };
        page.WebSocket += (_, socket) =>
        {
            var opened = DateTime.Now;
            socket.Close += (_, _) => Write(number, $"socket closed after {(DateTime.Now - opened).TotalSeconds:F0} s: {socket.Url}");
            socket.SocketError += (_, error) => Write(number, $"socket error: {error}");
        };
    }

    /// <summary>A JS function the server called in a tab: logged the first time, counted always.</summary>
    public void Called(int tab, string identifier)
    {
        if (calls.AddOrUpdate(identifier, 1, (_, n) => n + 1) == 1)
        {
            Write(tab, $"first call of JS {identifier}");
        }
    }

    /// <summary>Every JS function the server called, with how many times.</summary>
    public IReadOnlyDictionary<string, int> Calls => calls;

    public void Problem(int tab, string text)
    {
        Interlocked.Increment(ref problems);
        Write(tab, "PROBLEM: " + text);
    }

    public void Write(int tab, string text)
    {
        lock (writer)
        {
            if (!closed)
            {
                writer.WriteLine($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} tab {tab}: {text}");
            }
        }
    }
}
