namespace Mediatheque.Core.Audit;

/// <summary>
/// The address of the person acting, for the journal: set by the web host once per HTTP request and once per
/// Blazor circuit (captured when the circuit connects), so that a reset, an edit or an import made in an open
/// page is journaled with it like a sign-in. Empty for work nobody started from a browser (start-up, a sync job).
/// </summary>
public sealed class ClientAddress
{
    public string? Value { get; set; }
}
