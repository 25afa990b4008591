using Mediatheque.Core.Text;

namespace Mediatheque.Tests.Core;

public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("Éloïse", "eloise")]
    [InlineData("BESSON", "besson")]
    [InlineData("  Gaëlle   LE GALL ", "gaelle le gall")]
    [InlineData("N'DIAYE", "n diaye")]
    [InlineData("Jean-François", "jean francois")]
    [InlineData("Lætitia Œuvray", "laetitia oeuvray")]
    [InlineData("", "")]
    public void Folding_removes_case_accents_and_punctuation(string text, string folded) =>
        Assert.Equal(folded, TextFolding.Fold(text));

    [Fact]
    public void Search_words_are_folded_one_by_one() =>
        Assert.Equal(["marion", "bes"], TextFolding.FoldWords(" Marion  BÈS "));
}
