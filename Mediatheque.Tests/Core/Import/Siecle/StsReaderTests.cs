using Mediatheque.Core.Import;
using Mediatheque.Core.Users;
using static Mediatheque.Tests.Core.Import.Siecle.SiecleSamples;

namespace Mediatheque.Tests.Core.Import.Siecle;

public sealed class StsReaderTests
{
    private static readonly Staff Besson = new("5001", "BESSON", "Claire", "ENS", "1979-11-02");
    private static readonly Staff Nguyen = new("5002", "NGUYEN", "Thành", "ENS");
    private static readonly Staff Principal = new("5003", "LEFÈVRE", "Éloïse", "DIR");
    private static readonly Staff Cpe = new("5004", "ROUSSEAU", "Marc", "EDU");
    private static readonly Staff Documentaliste = new("5005", "OUDIN", "Anne", "DOC");
    private static readonly (string, string[])[] Divisions = [("3A", ["5001", "5002"]), ("4B", ["5001"]), ("5C", ["5001", "5001"])];

    private static ImportFile ReadSts(string encoding = "ISO-8859-1") =>
        Read(Bytes(Sts([Besson, Nguyen, Principal, Cpe, Documentaliste], Divisions, encoding), encoding), "sts_emp_0691234X_2025.xml");

    [Fact]
    public void Teachers_are_imported_with_the_divisions_they_teach()
    {
        var file = ReadSts();

        Assert.Equal(ImportFormat.StsWeb, file.Format);
        Assert.Equal((FileUai, "2025-2026"), (file.Uai, file.SchoolYear));
        Assert.Empty(file.Issues);
        Assert.Equal([("BESSON", Profil.Enseignant, "3A,4B,5C"), ("NGUYEN", Profil.Enseignant, "3A")],
            file.Rows.Where(r => r.Profil == Profil.Enseignant).Select(r => (r.Nom, r.Profil, string.Join(',', r.Classes))));
        Assert.Equal(new DateOnly(1979, 11, 2), file.Rows[0].BirthDate);
        Assert.Equal("Thành", file.Rows[1].Prenom);
    }

    [Fact]
    public void The_direction_is_read_as_administrateur_secondaire_for_the_import_choice_to_keep_or_skip()
    {
        var file = ReadSts();

        var principal = Assert.Single(file.Rows, r => r.Nom == "LEFÈVRE");
        Assert.Equal((Profil.AdministrateurSecondaire, "STS-5003"), (principal.Profil, principal.EstablishmentId));
        Assert.DoesNotContain(file.Skipped, s => s.Name == "LEFÈVRE Éloïse");
    }

    [Fact]
    public void Other_functions_are_listed_and_never_imported_so_hand_made_accounts_stay()
    {
        var file = ReadSts(encoding: "UTF-8");

        Assert.Equal([("ROUSSEAU Marc", "CPE (EDU) : non importé"), ("OUDIN Anne", "documentaliste (DOC) : non importé")],
            file.Skipped.Select(s => (s.Name, s.Reason)));
        Assert.DoesNotContain(file.Rows, r => r.Nom is "ROUSSEAU" or "OUDIN");
    }

    [Fact]
    public void Each_staff_member_keeps_their_sts_id_apart_from_pupils_ids()
    {
        var file = ReadSts();

        Assert.Equal(["STS-5001", "STS-5002", "STS-5003"], file.Rows.Select(r => r.EstablishmentId));
    }
}
