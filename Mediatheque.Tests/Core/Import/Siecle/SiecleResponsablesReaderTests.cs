using Mediatheque.Core.Import;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

public sealed class SiecleResponsablesReaderTests
{
    private static readonly Person Mother = new("7001", "BESSON", "Claire", "claire.besson@example.org");
    private static readonly Person Father = new("7002", "MARTIN", "Éric", "eric.martin@example.org");
    private static readonly Person Grandmother = new("7003", "ŒUVRAY", "Bérénice", "b.oeuvray@example.org");

    [Fact]
    public void An_older_file_places_each_legal_representative_by_resp_legal_and_leaves_out_the_others()
    {
        var xml = Responsables([Mother, Father, Grandmother],
            [new("1001", "7002", "2"), new("1001", "7001", "1"), new("1001", "7003", "0")], older: true, encoding: "ISO-8859-15");

        var file = Read(Bytes(xml, "ISO-8859-15"), "ResponsablesAvecAdresses.xml");

        Assert.Equal(ImportFormat.SiecleResponsables, file.Format);
        var pupil = Assert.Single(file.Rows);
        Assert.Equal("1001", pupil.EstablishmentId);
        Assert.Equal(("BESSON Claire", "claire.besson@example.org"), (pupil.LegalRepresentative1Name, pupil.LegalRepresentative1Email));
        Assert.Equal(("MARTIN Éric", "eric.martin@example.org"), (pupil.LegalRepresentative2Name, pupil.LegalRepresentative2Email));
    }

    [Fact]
    public void A_newer_file_keeps_the_level_1_representatives_in_the_files_order()
    {
        var xml = Responsables([Mother, Father, Grandmother],
            [new("1001", "7003", "2"), new("1001", "7002", "1"), new("1001", "7001", "1"), new("1002", "7003", "1")]);

        var file = Read(Bytes(xml), "ResponsablesAvecAdresses.xml");

        Assert.Equal([("1001", "MARTIN Éric", "BESSON Claire"), ("1002", "ŒUVRAY Bérénice", null)],
            file.Rows.Select(r => (r.EstablishmentId, r.LegalRepresentative1Name, r.LegalRepresentative2Name)));
    }
}
