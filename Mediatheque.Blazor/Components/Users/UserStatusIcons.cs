using System.Collections.Concurrent;
using System.Net;
using Mediatheque.Blazor.Components.Shared;
using Mediatheque.Core.Users;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Mediatheque.Blazor.Components.Users;

/// <summary>
/// The grid's status column: an icon per status, each with its French name (tooltip and accessible name). Plain
/// markup, not a component: a component per row (and a MudIcon per status) was held by every open grid tab (issue 15).
/// One string per combination of statuses, built once for the whole server.
/// </summary>
public static class UserStatusIcons
{
    private static readonly (UserStatus Flag, MarkupString Icon, string Label)[] Shown =
    [
        (UserStatus.Deactivated, RowIcons.Svg(Icons.Material.Filled.PersonOff), "Compte désactivé"),
        (UserStatus.Locked, RowIcons.Svg(Icons.Material.Filled.Lock, Color.Error), "Compte verrouillé après trop d'essais de connexion"),
        (UserStatus.Directory, RowIcons.Svg(Icons.Material.Filled.AccountTree, Color.Info), "Compte de l'annuaire fédérateur : mot de passe géré par l'annuaire"),
        (UserStatus.MustChange, RowIcons.Svg(Icons.Material.Filled.Password, Color.Warning), "Doit changer son mot de passe à la prochaine connexion"),
        (UserStatus.InitialPasswordExpired, RowIcons.Svg(Icons.Material.Filled.HourglassDisabled, Color.Error), "Mot de passe initial expiré : à réinitialiser"),
        (UserStatus.LoginCard, RowIcons.Svg(Icons.Material.Filled.QrCode2, Color.Success), "Carte de connexion active"),
    ];

    private static readonly ConcurrentDictionary<UserStatus, MarkupString> Built = new();

    public static MarkupString For(UserStatus status) => Built.GetOrAdd(status, Build);

    private static MarkupString Build(UserStatus status) => new(string.Concat(Shown.Where(s => status.HasFlag(s.Flag)).Select(s =>
    {
        var label = WebUtility.HtmlEncode(s.Label);
        return $"<span class=\"user-status\" role=\"img\" title=\"{label}\" aria-label=\"{label}\" data-status=\"{s.Flag}\">{s.Icon}</span>";
    })));
}
