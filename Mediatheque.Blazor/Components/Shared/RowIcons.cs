using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Mediatheque.Blazor.Components.Shared;

/// <summary>
/// Icons and icon buttons inside the grid's rows, as plain markup with the app's own classes (app.css « Grid rows »):
/// a MudIcon, MudIconButton or MudTooltip per row is a component per row and per open tab (issue 15), where this
/// markup is one string held once for the whole server. The paths are MudBlazor's <see cref="Icons"/>; the colours its
/// theme's CSS variables. Never MudBlazor's own internal class names: they are not an API (issue 25).
/// </summary>
public static class RowIcons
{
    /// <summary>A round icon button in a row (app.css « .row-button »), with its focus ring and hover shade.</summary>
    public const string ButtonClass = "row-button";

    public static readonly MarkupString LockReset = Svg(Icons.Material.Filled.LockReset);

    /// <summary>
    /// An SVG icon from MudBlazor's <see cref="Icons"/>, in the theme's colour (« row-icon-error » reads
    /// --mud-palette-error). Keep the result in a static field: built once.
    /// </summary>
    public static MarkupString Svg(string icon, Color color = Color.Default) =>
        new($"<svg class=\"row-icon{ColorClass(color)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{icon}</svg>");

    private static string ColorClass(Color color) =>
        color == Color.Default ? string.Empty : $" row-icon-{color.ToString().ToLowerInvariant()}";
}
