using Mediatheque.Core.Text;

namespace Mediatheque.Tests.Core;

public sealed class FrenchDateTests
{
    [Theory]
    [InlineData("03/09/2015")]
    [InlineData("3/9/2015")]
    [InlineData("03.09.2015")]
    [InlineData("03-09-2015")]
    [InlineData("2015-09-03")]
    [InlineData(" 03/09/2015 ")]
    public void A_date_typed_the_french_way_or_the_iso_way_is_read(string text)
    {
        Assert.Equal(new DateOnly(2015, 9, 3), FrenchDate.Parse(text, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void The_thirty_first_of_february_is_called_impossible_not_unreadable()
    {
        Assert.Null(FrenchDate.Parse("31/02/2016", out var error));
        Assert.Equal("Date impossible : « 31/02/2016 » (février 2016 a 29 jours).", error);
    }

    [Fact]
    public void A_thirteenth_month_is_impossible()
    {
        Assert.Null(FrenchDate.Parse("12/13/2016", out var error));
        Assert.Equal("Date impossible : « 12/13/2016 » (il n'y a pas de mois 13).", error);
    }

    [Theory]
    [InlineData("hier")]
    [InlineData("03/09/15")]
    [InlineData("2015/09")]
    public void Text_that_is_no_date_is_unreadable_and_says_what_is_expected(string text)
    {
        Assert.Null(FrenchDate.Parse(text, out var error));
        Assert.Equal($"Date illisible : « {text} » (attendu : JJ/MM/AAAA).", error);
    }
}
