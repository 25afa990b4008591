namespace Mediatheque.Core.Import.Siecle;

/// <summary>What reading a SIECLE or STS-Web file depends on besides its bytes.</summary>
/// <param name="Today">The school's today: a pupil whose DATE_SORTIE is on or before it has left.</param>
public sealed record XmlImportSettings(DateOnly Today)
{
    /// <summary>The most a file may hold once unzipped: a 6 MB export of 2,500 pupils is far below, a zip bomb is not.</summary>
    public long MaxUncompressedBytes { get; init; } = 100L * 1024 * 1024;
}
