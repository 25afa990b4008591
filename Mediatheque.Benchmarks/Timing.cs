using System.Diagnostics;

namespace Mediatheque.Benchmarks;

/// <summary>A plain Stopwatch harness: warm-up, then median and p95 of many runs, one line per case.</summary>
public static class Timing
{
    public sealed record Result(string Case, double MedianMs, double P95Ms, string Detail);

    public static async Task<Result> MeasureAsync(string name, Func<Task<string>> run, int warmUp = 10, int iterations = 200)
    {
        var detail = string.Empty;
        for (var i = 0; i < warmUp; i++)
        {
            detail = await run();
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return new Result(name, Percentile(times, 0.50), Percentile(times, 0.95), detail);
    }

    public static void Print(IEnumerable<Result> results)
    {
        Console.WriteLine($"| {"case",-44} | {"median ms",9} | {"p95 ms",7} | result");
        Console.WriteLine($"|{new string('-', 46)}|{new string('-', 11)}|{new string('-', 9)}|-------");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Case,-44} | {r.MedianMs,9:F2} | {r.P95Ms,7:F2} | {r.Detail}");
        }
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
