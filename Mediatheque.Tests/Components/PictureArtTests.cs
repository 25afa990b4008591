using Mediatheque.Blazor.Components.PictureSignIn;
using Mediatheque.Core.PictureSignIn;

namespace Mediatheque.Tests.Components;

/// <summary>The pictures as drawn: every one of the set, each its own drawing, named by its text rather than the drawing.</summary>
public sealed class PictureArtTests
{
    [Fact]
    public void Every_picture_of_the_set_has_a_drawing_of_its_own_hidden_from_screen_readers()
    {
        Assert.All(PictureSet.All, picture =>
        {
            Assert.True(PictureArt.Draws(picture), picture.Key);
            var svg = PictureArt.Svg(picture).Value;
            Assert.Contains("aria-hidden=\"true\"", svg);
            Assert.Matches("^<svg [^>]*>.*<[a-z]+ .*</svg>$", svg);
        });
        var drawings = PictureSet.All.Select(p => System.Text.RegularExpressions.Regex.Replace(PictureArt.Svg(p).Value, "fill=\"#[0-9a-f]{6}\"", string.Empty));
        Assert.Equal(PictureSet.All.Count(), drawings.Distinct().Count());
    }
}
