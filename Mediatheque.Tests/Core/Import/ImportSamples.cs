using System.Text;
using Mediatheque.Core.Import;

namespace Mediatheque.Tests.Core.Import;

/// <summary>The sample files of TestData/Import, and files built in the test for sizes not worth committing.</summary>
public static class ImportSamples
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Import", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static ImportFile Read(string name) => ImportFileReader.Read(name, Bytes(name));

    /// <summary>The Médiathèque's own format from lines written in the test (header added).</summary>
    public static ImportFile Own(params string[] lines) => ImportFileReader.Read("test.csv",
        Encoding.UTF8.GetBytes(ImportTemplate.Header + "\n" + string.Join('\n', lines) + "\n"));

    /// <summary>An ONDE-like export of <paramref name="count"/> pupils, in Latin-1 as the register writes it.</summary>
    public static byte[] LargeOnde(int count, int firstNumber = 0)
    {
        var text = new StringBuilder("Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Cycle;Niveau;Libellé classe;INE\r\n");
        string[] levels = ["CP", "CE1", "CE2", "CM1", "CM2"];
        for (var i = firstNumber; i < firstNumber + count; i++)
        {
            var level = levels[i % levels.Length];
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"ÉLÈVE{i:D5};;Gaëlle{i % 97};{1 + i % 28:D2}/{1 + i % 12:D2}/{2014 + i % 5};Cycle 2;{level};Classe {level}-{i % 40:D2};{i:D10}X\r\n");
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }
}
