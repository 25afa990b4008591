using System.Globalization;

namespace Mediatheque.Benchmarks;

/// <summary>What every benchmark reads from its arguments and prints about the machine it ran on.</summary>
public static class BenchmarkArgs
{
    /// <summary>An integer option (« --pupils 3000 »), or the fallback when absent.</summary>
    public static int Option(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A word option (« --client light »), or the fallback when absent.</summary>
    public static string Option(string[] args, string name, string fallback) => Value(args, name) ?? fallback;

    /// <summary>A list of integers (« --circuits 25,50 »), in increasing order, or the fallback when absent.</summary>
    public static int[] Option(string[] args, string name, int[] fallback) =>
        Value(args, name) is { } value ? [.. value.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).Order()] : fallback;

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The 1, 5 and 15 minute load averages: figures taken on a busy machine say so.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
