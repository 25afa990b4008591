using Mediatheque.Blazor.Components.Users;
using Mediatheque.Core.Users;

namespace Mediatheque.Tests.Components;

public sealed class UserListUrlTests
{
    [Fact]
    public void A_view_survives_the_round_trip_through_the_url()
    {
        var view = new UserQuery
        {
            Search = "marion bes", Profil = Profil.Eleve, Classe = "Mme PAQUAY", Niveau = "CE1", Groupe = "Soutien lecture",
            Option = "Foot", DeactivatedOnly = true, Sort = UserSort.NationalId, Descending = true, Page = 2, PageSize = 50,
        };

        var url = UserListUrl.Format(view);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + url).Query);
        var back = UserListUrl.Parse(query["q"], query["profil"], query["classe"], query["niveau"], query["groupe"], query["option"],
            query["desactives"], query["tri"], int.Parse(query["page"]!), int.Parse(query["taille"]!));

        Assert.Equal(view, back);
        Assert.Contains("tri=-idnational", url);
        Assert.Contains("page=3", url);
    }

    [Fact]
    public void The_default_view_has_a_bare_address_and_nonsense_falls_back_to_it()
    {
        Assert.Equal("utilisateurs", UserListUrl.Format(new UserQuery()));
        Assert.Equal(new UserQuery(), UserListUrl.Parse(" ", "Roi", null, null, null, null, "oui", "age", -4, 7));
    }
}
