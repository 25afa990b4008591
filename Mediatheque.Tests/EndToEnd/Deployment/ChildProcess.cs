using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Mediatheque.Tests.EndToEnd.Deployment;

/// <summary>A program the deployment tests start (an app node, nginx, dotnet publish), its output kept for failure messages.</summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ChildProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var child = new ChildProcess(new Process { StartInfo = start });
        child.process.OutputDataReceived += (_, line) => child.Append(line.Data);
        child.process.ErrorDataReceived += (_, line) => child.Append(line.Data);
        child.process.Start();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to the end; throws with the output when the exit code is not 0.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var (exitCode, output) = await ExecuteAsync(fileName, arguments, timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        }
    }

    /// <summary>Runs to the end with nothing on its input (e.g. <c>openssl s_client</c> then leaves); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> ExecuteAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        await using var child = Start(fileName, arguments);
        child.process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(timeout);
        await child.process.WaitForExitAsync(cancellation.Token);
        return (child.process.ExitCode, child.Output);
    }

    /// <summary>Waits for the program to end by itself and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return process.ExitCode;
    }

    /// <summary>Asks the program to stop as systemd does (SIGTERM) and returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
        }

        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
