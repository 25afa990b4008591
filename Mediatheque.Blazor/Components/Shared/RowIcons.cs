using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Mediatheque.Blazor.Components.Shared;

/// <summary>
/// Icons and icon buttons for grid rows as plain markup. A MudIcon, MudIconButton or MudTooltip is a component: its
/// own state and two render buffers, multiplied by the rows of a page and by every open tab (issue 15). This markup is
/// one string held once for the whole server, and looks the same (MudBlazor's classes).
/// </summary>
public static class RowIcons
{
    /// <summary>The classes of a small MudIconButton, for a plain &lt;button&gt; in a row.</summary>
    public const string ButtonClass = "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small";

    public static readonly MarkupString LockReset = Svg(Icons.Material.Filled.LockReset);

    /// <summary>
    /// An SVG icon from MudBlazor's <see cref="Icons"/>, in a theme colour as MudIcon's Color, with any further classes
    /// (« mud-input-adornment-icon »). Keep the result in a static field: built once.
    /// </summary>
    public static MarkupString Svg(string icon, Color color = Color.Default, Size size = Size.Small, string? classes = null) =>
        new($"<svg class=\"mud-icon-root mud-svg-icon{ColorClass(color)} mud-icon-size-{size.ToString().ToLowerInvariant()}{(classes is null ? string.Empty : " " + classes)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{icon}</svg>");

    // MudBlazor's class for a colour is its name in lower case (mud-error-text), as MudIcon writes it.
    private static string ColorClass(Color color) =>
        color == Color.Default ? string.Empty : $" mud-{color.ToString().ToLowerInvariant()}-text";
}
