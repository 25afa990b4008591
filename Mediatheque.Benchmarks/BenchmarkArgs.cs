using System.Globalization;

namespace Mediatheque.Benchmarks;

/// <summary>What every benchmark reads from its arguments and prints about the machine it ran on.</summary>
public static class BenchmarkArgs
{
    /// <summary>An integer option (« --pupils 3000 »), or the fallback when absent.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>A word option (« --client light »), or the fallback when absent.</summary>
    public static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    /// <summary>The 1, 5 and 15 minute load averages: figures taken on a busy machine say so.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
