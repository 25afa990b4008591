using System.Globalization;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// Who used the machine's cores during a phase, from /proc: the server process, the client (this benchmark with its
/// light tabs, or its Playwright driver and Chromium: every process descending from this one but the server), and the whole machine
/// (/proc/stat), each as a share of all cores; the rest of the machine's use is other work on it. With the client on
/// the same 2 cores as the server, the latency is only the node's when the server had the cores it needed.
/// </summary>
public sealed record CpuUse(double Server, double Client, double Machine, double LoadAverage)
{
    // /proc reports process times in USER_HZ ticks, fixed at 100 a second by the kernel's user-space ABI.
    private const double TicksPerSecond = 100;

    public static Snapshot Start(int serverProcessId) => Snapshot.Take(serverProcessId);

    /// <summary>The use since <paramref name="start"/>: each figure is CPU seconds ÷ wall seconds ÷ cores.</summary>
    public static CpuUse Since(Snapshot start)
    {
        var end = Snapshot.Take(start.ServerProcessId);
        var wall = (end.At - start.At).TotalSeconds;
        double Share(double ticks) => ticks / TicksPerSecond / wall / Environment.ProcessorCount;
        var client = end.Client.Sum(p => p.Value - start.Client.GetValueOrDefault(p.Key));
        var machineBusy = end.MachineBusy - start.MachineBusy;
        var machineAll = end.MachineAll - start.MachineAll;
        var loadAverage = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        return new CpuUse(Share(end.Server - start.Server), Share(client), machineBusy / (double)machineAll, loadAverage);
    }

    public override string ToString() =>
        $"CPU of all {Environment.ProcessorCount} cores: server {Server:P0}, client (the benchmark and its tabs) {Client:P0}, " +
        $"whole machine {Machine:P0}; load average {LoadAverage:F1}";

    /// <summary>Process times in ticks, and the machine's busy and total ticks (all cores), at one moment.</summary>
    public sealed record Snapshot(int ServerProcessId, DateTime At, long Server, IReadOnlyDictionary<int, long> Client, long MachineBusy, long MachineAll)
    {
        public static Snapshot Take(int serverProcessId)
        {
            var processes = Processes();
            var client = new Dictionary<int, long>();
            foreach (var (id, process) in processes)
            {
                if (DescendsFrom(id, Environment.ProcessId, serverProcessId, processes))
                {
                    client[id] = process.Ticks;
                }
            }

            // "cpu  user nice system idle iowait irq softirq steal …": idle and iowait are the idle ones.
            var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).Take(8).Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            var all = machine.Sum();
            return new Snapshot(serverProcessId, DateTime.UtcNow, processes.TryGetValue(serverProcessId, out var server) ? server.Ticks : 0,
                client, all - machine[3] - machine[4], all);
        }

        /// <summary>True for <paramref name="ancestor"/> itself and the processes under it, but not the server's tree.</summary>
        private static bool DescendsFrom(int id, int ancestor, int excluded, IReadOnlyDictionary<int, (int Parent, long Ticks)> processes)
        {
            for (var current = id; current > 1 && current != excluded; current = processes.TryGetValue(current, out var p) ? p.Parent : 0)
            {
                if (current == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every process's parent and utime + stime, from /proc/PID/stat (fields 4, 14 and 15).</summary>
        private static Dictionary<int, (int Parent, long Ticks)> Processes()
        {
            var processes = new Dictionary<int, (int, long)>();
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), out var id))
                {
                    continue;
                }

                try
                {
                    // The command name (field 2) sits in parentheses and may hold spaces: count fields after its ')'.
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    processes[id] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                        long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
                }
                catch (IOException)
                {
                    // The process ended while the list was read.
                }
            }

            return processes;
        }
    }
}
