namespace Mediatheque.Core.Import.Siecle;

/// <summary>
/// The level of a pupil from their MEF (« module élémentaire de formation », the BCN's N_MEF nomenclature): its first three
/// digits are the « dispositif de formation ». Only the general collège and lycée years are named; any other MEF (SEGPA,
/// ULIS, CAP, BTS…) gives no level rather than a wrong one.
/// </summary>
internal static class MefLevels
{
    private static readonly Dictionary<string, string> ByDispositif = new(StringComparer.Ordinal)
    {
        ["100"] = "6e",
        ["101"] = "5e",
        ["102"] = "4e",
        ["103"] = "3e",
        ["200"] = "2de",
        ["201"] = "1re",
        ["202"] = "Tle",
        ["240"] = "2de",
        ["241"] = "1re",
        ["242"] = "Tle",
    };

    public static string? Of(string? mef) =>
        mef is { Length: >= 3 } && ByDispositif.TryGetValue(mef[..3], out var level) ? level : null;
}
