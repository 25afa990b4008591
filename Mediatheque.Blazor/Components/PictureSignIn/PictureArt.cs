using Mediatheque.Core.PictureSignIn;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Mediatheque.Blazor.Components.PictureSignIn;

/// <summary>
/// How each picture of <see cref="PictureSet"/> is drawn: a Material icon shipped with MudBlazor (Apache License 2.0,
/// as the README says) in a colour of its own, as inline SVG (sharp on a tablet and on paper, no image request).
/// </summary>
public static class PictureArt
{
    private static readonly Dictionary<string, (string Icon, string Colour)> Art = new()
    {
        ["sun"] = (Icons.Material.Filled.WbSunny, "#e67e00"),
        ["star"] = (Icons.Material.Filled.Star, "#c99700"),
        ["heart"] = (Icons.Material.Filled.Favorite, "#d32f2f"),
        ["car"] = (Icons.Material.Filled.DirectionsCar, "#1565c0"),
        ["plane"] = (Icons.Material.Filled.Flight, "#00838f"),
        ["boat"] = (Icons.Material.Filled.DirectionsBoat, "#283593"),
        ["house"] = (Icons.Material.Filled.House, "#6d4c41"),
        ["flower"] = (Icons.Material.Filled.LocalFlorist, "#c2185b"),
        ["tree"] = (Icons.Material.Filled.Park, "#2e7d32"),
        ["cake"] = (Icons.Material.Filled.Cake, "#8e24aa"),
        ["ball"] = (Icons.Material.Filled.SportsSoccer, "#212121"),
        ["rabbit"] = (Icons.Material.Filled.CrueltyFree, "#616161"),

        ["bird"] = (Icons.Material.Filled.FlutterDash, "#0277bd"),
        ["mouse"] = (Icons.Material.Filled.PestControlRodent, "#757575"),
        ["bee"] = (Icons.Material.Filled.EmojiNature, "#f9a825"),
        ["fish"] = (Icons.Material.Filled.SetMeal, "#00838f"),
        ["umbrella"] = (Icons.Material.Filled.Umbrella, "#7b1fa2"),
        ["snowflake"] = (Icons.Material.Filled.AcUnit, "#0288d1"),
        ["rocket"] = (Icons.Material.Filled.RocketLaunch, "#e64a19"),
        ["castle"] = (Icons.Material.Filled.Castle, "#5d4037"),
        ["bike"] = (Icons.Material.Filled.PedalBike, "#388e3c"),
        ["bus"] = (Icons.Material.Filled.DirectionsBus, "#ef6c00"),
        ["truck"] = (Icons.Material.Filled.LocalShipping, "#455a64"),
        ["tractor"] = (Icons.Material.Filled.Agriculture, "#558b2f"),
        ["icecream"] = (Icons.Material.Filled.Icecream, "#d81b60"),
        ["pizza"] = (Icons.Material.Filled.LocalPizza, "#f57c00"),
        ["egg"] = (Icons.Material.Filled.EggAlt, "#8d6e63"),
        ["headphones"] = (Icons.Material.Filled.Headphones, "#37474f"),
        ["lightbulb"] = (Icons.Material.Filled.Lightbulb, "#f9a825"),
        ["brush"] = (Icons.Material.Filled.Brush, "#6a1b9a"),
        ["scissors"] = (Icons.Material.Filled.ContentCut, "#c62828"),
        ["gift"] = (Icons.Material.Filled.CardGiftcard, "#ad1457"),
        ["robot"] = (Icons.Material.Filled.SmartToy, "#546e7a"),
        ["moon"] = (Icons.Material.Filled.ModeNight, "#303f9f"),
        ["die"] = (Icons.Material.Filled.Casino, "#d84315"),
        ["piggybank"] = (Icons.Material.Filled.Savings, "#e91e63"),
        ["train"] = (Icons.Material.Filled.Train, "#1b5e20"),
        ["music"] = (Icons.Material.Filled.MusicNote, "#4527a0"),
        ["piano"] = (Icons.Material.Filled.Piano, "#263238"),
        ["mountain"] = (Icons.Material.Filled.Terrain, "#6d4c41"),
        ["drop"] = (Icons.Material.Filled.WaterDrop, "#1e88e5"),
        ["scooter"] = (Icons.Material.Filled.ElectricScooter, "#00695c"),
        ["diamond"] = (Icons.Material.Filled.Diamond, "#0097a7"),
        ["cup"] = (Icons.Material.Filled.LocalCafe, "#4e342e"),
    };

    public static bool Draws(Picture picture) => Art.ContainsKey(picture.Key);

    /// <summary>
    /// The picture as inline SVG, hidden from screen readers: what names it is the text beside it (the button's or
    /// the card's French name), never the drawing.
    /// </summary>
    public static MarkupString Svg(Picture picture, string cssClass = "picture-svg")
    {
        var (icon, colour) = Art[picture.Key];
        return new MarkupString(
            $"<svg class=\"{cssClass}\" viewBox=\"0 0 24 24\" fill=\"{colour}\" focusable=\"false\" aria-hidden=\"true\">{icon}</svg>");
    }
}
