namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// What opens circuits on « Liste des utilisateurs », signed in once as one user (the tabs of one browser):
/// Chromium through Playwright (<see cref="ChromiumClient"/>) or the protocol-only <see cref="LightClient"/>.
/// </summary>
public interface ICapacityClient : IAsyncDisposable
{
    /// <summary>The name given to --client.</summary>
    string Name { get; }

    /// <summary>Opens the grid in a new tab and waits for its live circuit and its first count.</summary>
    Task<ICircuitTab> OpenAsync();
}

/// <summary>One tab on the grid, hence one circuit on the server.</summary>
public interface ICircuitTab
{
    /// <summary>Types <paramref name="word"/> into the empty search box at 100 ms a letter; measured from its last keystroke.</summary>
    Task<Sample> TypeAsync(string word, string expectedCount);

    /// <summary>Empties the search box in one keystroke: the whole list's count comes back.</summary>
    Task<Sample> ClearAsync(string expectedCount);

    /// <summary>Closes the tab the way a browser does, so that the server ends the circuit at once.</summary>
    Task CloseAsync();
}

/// <summary>How the benchmark's staff type, whatever the client.</summary>
public static class Typist
{
    /// <summary>A fast typist's pace: under the search box's 250 ms debounce, so only the whole word is searched.</summary>
    public const int KeystrokeDelayMs = 100;

    /// <summary>How long a search may take before its sample counts as timed out.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
}
