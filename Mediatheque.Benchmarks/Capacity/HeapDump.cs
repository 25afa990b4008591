using System.Globalization;
using System.Text.RegularExpressions;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// The server's managed heap through `dotnet-gcdump` (a local tool, .config/dotnet-tools.json): `collect` forces a
/// full blocking collection in the target and walks what survives; `report` lists it per type.
/// </summary>
public sealed partial record HeapDump(long Bytes, IReadOnlyDictionary<string, HeapDump.TypeTotal> Types)
{
    /// <summary><paramref name="Size"/> is the report's « Object Bytes »: the size of one object of the type (of the largest, for arrays).</summary>
    public sealed record TypeTotal(long Size, long Count);

    public long CountOf(string typeName) => Types.TryGetValue(typeName, out var total) ? total.Count : 0;

    public static Task RestoreToolAsync(string repositoryRoot) => Shell.RunAsync(repositoryRoot, "dotnet", "tool", "restore");

    public static async Task<HeapDump> CollectAsync(string repositoryRoot, int processId, string path)
    {
        await Shell.RunAsync(repositoryRoot, "dotnet", "tool", "run", "dotnet-gcdump", "collect", "-p",
            processId.ToString(CultureInfo.InvariantCulture), "-o", path);
        return Parse(await Shell.RunAsync(repositoryRoot, "dotnet", "tool", "run", "dotnet-gcdump", "report", path));
    }

    /// <summary>
    /// How many more objects of each type than in <paramref name="before"/>, most first, with their bytes where the
    /// report knows them (fixed-size types; arrays and strings vary in size, so null).
    /// </summary>
    public IEnumerable<(string Type, long Count, long? Bytes)> GrowthSince(HeapDump before) =>
        Types.Select(t => (Type: t.Key, Count: t.Value.Count - before.CountOf(t.Key), t.Value.Size))
            .Where(t => t.Count > 0)
            .Select(t => (t.Type, t.Count, t.Type.EndsWith(']') || t.Type == "System.String" ? (long?)null : t.Count * t.Size))
            .OrderByDescending(t => t.Count);

    /// <summary>
    /// "    123,456,789  GC Heap bytes" then rows "  size  count  type [assembly]"; arrays come in size buckets
    /// ("System.Byte[] (Bytes > 1K)"), added up here under the array's name.
    /// </summary>
    private static HeapDump Parse(string report)
    {
        long total = 0;
        var types = new Dictionary<string, TypeTotal>();
        foreach (var line in report.Split('\n'))
        {
            if (line.Contains("GC Heap bytes", StringComparison.Ordinal))
            {
                total = Number(line.Trim().Split(' ')[0]);
                continue;
            }

            var row = Row().Match(line);
            if (row.Success)
            {
                var name = Bucket().Replace(row.Groups["type"].Value.Trim(), string.Empty);
                var size = Number(row.Groups["bytes"].Value);
                var count = Number(row.Groups["count"].Value);
                types[name] = types.TryGetValue(name, out var known) ? new TypeTotal(Math.Max(known.Size, size), known.Count + count) : new TypeTotal(size, count);
            }
        }

        return total > 0 ? new HeapDump(total, types) : throw new InvalidOperationException($"No heap size in the report:{Environment.NewLine}{report}");
    }

    private static long Number(string text) =>
        long.Parse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+(?<count>[\d,]+)\s+(?<type>[^\s].*?)(\s+\[[^\]]*\])?\s*$")]
    private static partial Regex Row();

    [GeneratedRegex(@"\s*\(Bytes > [^)]*\)$")]
    private static partial Regex Bucket();
}
