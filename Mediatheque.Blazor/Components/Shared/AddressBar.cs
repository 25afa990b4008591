using Microsoft.JSInterop;

namespace Mediatheque.Blazor.Components.Shared;

/// <summary>
/// Keeps the address bar in step with what a page shows, without a navigation. NavigationManager.NavigateTo is
/// fire-and-forget: when its call into the browser fails — the connection dropped and the reply never came (the
/// call times out after CircuitOptions.JSInteropDefaultCallTimeout), or the browser refused the history change —
/// Blazor reports it as an unhandled exception and ends the circuit. Once per pause in typing, that ended most open
/// grids on a loaded node (issue 15's capacity run, 23 of 25 after a 45 s stall). A lagging address costs nothing:
/// the page already shows the results; the next change or navigation writes the address again.
/// </summary>
public static class AddressBar
{
    /// <summary>
    /// Replaces the current history entry's address (wwwroot/js/address.js). NavigationManager.Uri is not told:
    /// a page that calls this builds its links from its own state, not from NavigationManager.Uri.
    /// </summary>
    public static async Task ReplaceAsync(this IJSRuntime js, string url)
    {
        try
        {
            await js.InvokeVoidAsync("replaceAddress", url);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or OperationCanceledException)
        {
            // See the summary: the list is shown already; only the address lags.
        }
    }
}
