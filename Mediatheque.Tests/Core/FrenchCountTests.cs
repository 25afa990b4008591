using Mediatheque.Core.Text;

namespace Mediatheque.Tests.Core;

public sealed class FrenchCountTests
{
    [Theory]
    [InlineData(0, "Aucun utilisateur")]
    [InlineData(1, "1 utilisateur")]
    [InlineData(2, "2 utilisateurs")]
    [InlineData(27, "27 utilisateurs")]
    [InlineData(1234, "1 234 utilisateurs")]
    [InlineData(100000, "100 000 utilisateurs")]
    public void The_user_count_reads_as_french(int count, string expected) =>
        // fr-FR groups thousands with a narrow no-break space (U+202F), older runtimes a no-break space (U+00A0).
        Assert.Equal(expected, FrenchCount.Users(count).Replace('\u202F', ' ').Replace('\u00A0', ' '));

    [Fact]
    public void Thousands_are_separated_by_a_no_break_space_never_a_comma_nor_a_plain_space()
    {
        var text = FrenchCount.Users(1234);

        Assert.Matches("^1[\u202F\u00A0]234 utilisateurs$", text);
    }

    [Fact]
    public void Zero_is_singular_without_a_wording_for_none() =>
        Assert.Equal("0 groupe", FrenchCount.Of(0, "groupe", "groupes"));
}
