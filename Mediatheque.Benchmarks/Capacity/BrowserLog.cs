using System.Globalization;
using Microsoft.Playwright;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// What the tabs saw, in browser.log beside app.log: console errors and warnings, script errors, crashes, a tab that
/// left the grid (a reload, the sign-in page) and circuit sockets that closed. A circuit that dies shows up here first.
/// </summary>
public sealed class BrowserLog : IDisposable
{
    private readonly StreamWriter writer;
    private int pages;
    private bool closed;

    public BrowserLog(string path) => writer = new StreamWriter(path) { AutoFlush = true };

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
        page.Crash += (_, _) => Write(number, "crashed");
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

    private void Write(int page, string text)
    {
        lock (writer)
        {
            if (!closed)
            {
                writer.WriteLine($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} tab {page}: {text}");
            }
        }
    }
}
