using System.Net;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>A server whose sign-in rate is low enough to reach in a test.</summary>
public sealed class LowRateAppServer : AppServer
{
    protected override IDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Mediatheque:SignIn:PostsPerMinutePerAddress"] = "3" };
}

public sealed class RateLimitTests(LowRateAppServer app) : IClassFixture<LowRateAppServer>
{
    [Fact]
    public async Task Sign_in_posts_past_the_per_address_rate_are_answered_429_in_french()
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["Input.Login"] = "bm", ["Input.Password"] = "devine" + i }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("Trop de tentatives de connexion", await response.Content.ReadAsStringAsync());
            }
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);

        // Reading the page is never limited.
        using var page = await client.GetAsync("/connexion");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_class_picture_page_is_limited_per_address_like_sign_in_but_not_its_photos()
    {
        // Another address than the other test's: each has its own count.
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.24");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync($"/classe/{Mediatheque.Core.LoginCards.LoginCardToken.New()}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("Trop de tentatives de connexion", await response.Content.ReadAsStringAsync());
            }
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        using var photo = await client.GetAsync($"/classe/{Mediatheque.Core.LoginCards.LoginCardToken.New()}/photo/1");
        Assert.Equal(HttpStatusCode.NotFound, photo.StatusCode);
    }
}

public sealed class ClassroomSignInTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task A_whole_class_signing_in_from_the_schools_one_address_is_not_rate_limited()
    {
        // 30 pupils, each with a typo first, all from the school's single public address, within a minute.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var statuses = new List<System.Net.HttpStatusCode>();
        for (var i = 0; i < 60; i++)
        {
            using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["Input.Login"] = "eleve" + (i / 2), ["Input.Password"] = "essai" + i }));
            statuses.Add(response.StatusCode);
        }

        Assert.DoesNotContain(System.Net.HttpStatusCode.TooManyRequests, statuses);
    }
}

