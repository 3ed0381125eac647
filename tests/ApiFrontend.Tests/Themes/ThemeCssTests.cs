using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.Grains.Abstractions.Organizations;
using VetrAI.Grains.Abstractions.Themes;

namespace VetrAI.ApiFrontend.Tests.Themes;

[Collection(ThemesCollection.Name)]
public sealed class ThemeCssTests(ThemesFixture fixture)
{
    [Theory]
    [InlineData("@import url(https://evil.example/x.css);")]
    [InlineData("@import 'https://evil.example/x.css';")]
    [InlineData("@import \"theme2.css\";")]
    [InlineData("@IMPORT url(/same-origin.css);")]
    [InlineData("@\\69mport url(/x.css);")]
    [InlineData("@namespace svg url(http://www.w3.org/2000/svg);")]
    [InlineData("@document url-prefix(https://x) { a { color: red } }")]
    [InlineData("a { background: url(https://evil.example/bg.png); }")]
    [InlineData("a { background: url('http://evil.example/bg.png'); }")]
    [InlineData("a { background: url(\"//evil.example/bg.png\"); }")]
    [InlineData("a { background: url(//evil.example/bg.png); }")]
    [InlineData("a { background: URL( //evil.example/bg.png ); }")]
    [InlineData("a { background: url(/\\/evil.example/bg.png); }")]
    [InlineData("a { background: url('\\5c\\5c evil.example/bg.png'); }")]
    [InlineData("a { background: url('/\\9/evil.example/bg.png'); }")]
    [InlineData("a { background: \\75 rl(https://evil.example/bg.png); }")]
    [InlineData("a { background: \\000075\\000072\\00006c(https://evil.example/x.png); }")]
    [InlineData("a { background: u\\rl(https://evil.example/x.png); }")]
    [InlineData("a { background: url(ftp://evil.example/x.png); }")]
    [InlineData("a { background: url(javascript:alert(1)); }")]
    [InlineData("a { background: url(data:text/html,<b>hi</b>); }")]
    [InlineData("a { background: url(data:image/svg+xml;base64,PHN2Zz4=); }")]
    [InlineData("a { background: url(); }")]
    [InlineData("a { background: image-set(\"https://evil.example/x.png\" 1x); }")]
    [InlineData("a { background: -webkit-image-set(\"https://evil.example/x.png\" 1x); }")]
    [InlineData("a { background: image-set(\"/local.png\" 1x); }")]
    [InlineData("a { background-image: image(\"https://evil.example/x.png\"); }")]
    [InlineData("a { background-image: src(\"https://evil.example/x.png\"); }")]
    [InlineData("a { background-image: src(var(--u)); }")]
    [InlineData("@font-face { font-family: x; src: url(https://fonts.evil.example/x.woff2); }")]
    [InlineData("a { width: expression(alert(1)); }")]
    [InlineData("a { width: expr\\65ssion(alert(1)); }")]
    [InlineData("a { behavior: url(/x.htc); }")]
    [InlineData("a { -moz-binding: url(/x.xml#y); }")]
    [InlineData("a { content: 'javascript:alert(1)'; }")]
    [InlineData("a { color: red } </style><script>alert(1)</script>")]
    [InlineData("a { color: red; /* never closed")]
    [InlineData("a { content: 'never closed }")]
    [InlineData("a { background: url(/x.png }")]
    [InlineData("a { background: url(/x y.png); }")]
    [InlineData("a { color: red; ")]
    [InlineData("a { color: red; }}")]
    [InlineData("a { color: red\u0001; }")]
    public async Task Custom_css_that_could_load_from_elsewhere_or_run_script_is_400_and_changes_nothing(string css)
    {
        var org = await fixture.CreateOrgAsync();
        using var refused = await org.Admin.Client.PostJsonAsync("/api/v1/themes", new
        {
            Name = "Sneaky",
            Colors = new { Primary = "#000", Secondary = "#000", Background = "#fff", Text = "#000" },
            CustomCss = css,
        });
        Assert.Contains("custom_css", await refused.ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty((await (await org.Admin.Client.GetAsync("/api/v1/themes")).ReadJsonAsync()).GetProperty("items").EnumerateArray());

        var id = (await ThemesFixture.CreateThemeAsync(org.Admin, customCss: "b { color: red; }")).GetString("id");
        await (await org.Admin.Client.PutJsonAsync($"/api/v1/themes/{id}", new { CustomCss = css })).ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("b { color: red; }", (await (await org.Admin.Client.GetAsync($"/api/v1/themes/{id}")).ReadJsonAsync()).GetString("custom_css"));
    }

    [Theory]
    [InlineData("a { background: url(/static/bg.png); }")]
    [InlineData("a { background: url('img/bg.png?x=1#y'); }")]
    [InlineData("a { background: url(\"../bg.png\"); }")]
    [InlineData("a { filter: url(#blur); }")]
    [InlineData("a { background: url(data:image/png;base64,iVBORw0KGgo=); }")]
    [InlineData("@media (max-width: 600px) { .nav > li:hover { color: var(--vetrai-color-primary, #fff); } }")]
    [InlineData("@font-face { font-family: Brand; src: local('Brand'), url(/fonts/brand.woff2) format('woff2'); }")]
    [InlineData("@keyframes spin { from { transform: rotate(0deg) } to { transform: rotate(360deg) } }")]
    [InlineData(".icon::before { content: \"\\201C\"; } .lang-javascript:hover { color: #0a0; }")]
    [InlineData("a { background: linear-gradient(to right, #fff 0%, rgb(0 0 0 / 50%) 100%); width: calc(100% - 2px); }")]
    public async Task Same_origin_and_data_image_css_is_kept_and_served(string css)
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin, customCss: css)).GetString("id");
        var served = await fixture.Client.GetStringAsync($"/api/v1/themes/{id}/theme.css");
        Assert.EndsWith(css + "\n", served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Theme_css_is_public_generated_with_a_strong_etag_answers_304_and_changes_after_an_update()
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin, primary: "#AA0000", customCss: ".brand { color: var(--vetrai-color-primary); }")).GetString("id");

        using var first = await fixture.Client.GetAsync($"/api/v1/themes/{id}/theme.css");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/css", first.Content.Headers.ContentType?.MediaType);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=300", first.Headers.CacheControl?.ToString());
        Assert.Contains("nosniff", first.Headers.GetValues("X-Content-Type-Options"));
        var css = await first.Content.ReadAsStringAsync();
        Assert.Contains("--vetrai-color-primary: #aa0000;", css, StringComparison.Ordinal);
        Assert.Contains("--vetrai-color-text: #111111;", css, StringComparison.Ordinal);
        Assert.Contains("--vetrai-logo-url: none;", css, StringComparison.Ordinal);
        Assert.Contains(".brand { color: var(--vetrai-color-primary); }", css, StringComparison.Ordinal);

        using var again = await GetCssAsync($"/api/v1/themes/{id}/theme.css", etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);
        using var listed = await GetCssAsync($"/api/v1/themes/{id}/theme.css", $"\"other\", W/{etag.Tag}");
        Assert.Equal(HttpStatusCode.NotModified, listed.StatusCode);

        await (await org.Admin.Client.PutJsonAsync($"/api/v1/themes/{id}", new { Colors = new { Primary = "#00aa00" } })).ReadJsonAsync();
        using var changed = await GetCssAsync($"/api/v1/themes/{id}/theme.css", etag.Tag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("--vetrai-color-primary: #00aa00;", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organizations_css_is_its_active_theme_or_the_default_and_emails_get_its_branding()
    {
        var org = await fixture.CreateOrgAsync();
        var organizationCss = $"/api/v1/organizations/{org.Admin.OrganizationId}/theme.css";
        var organization = fixture.Frontend.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(org.Admin.OrganizationId!);

        using var byDefault = await fixture.Client.GetAsync(organizationCss);
        var defaultCss = await byDefault.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, byDefault.StatusCode);
        Assert.Contains("--vetrai-color-primary: #2563eb;", defaultCss, StringComparison.Ordinal);
        Assert.NotNull(byDefault.Headers.ETag);
        Assert.Equal(ThemeBranding.Default, await organization.GetBrandingAsync());

        var first = (await ThemesFixture.CreateThemeAsync(org.Admin, "First", "#111111")).GetString("id");
        var second = (await ThemesFixture.CreateThemeAsync(org.Admin, "Second", "#222222")).GetString("id");
        var activated = await (await org.Admin.Client.PostAsync($"/api/v1/themes/{first}/activate", null)).ReadJsonAsync();
        Assert.True(activated.GetProperty("active").GetBoolean());
        Assert.Equal(await fixture.Client.GetStringAsync($"/api/v1/themes/{first}/theme.css"), await fixture.Client.GetStringAsync(organizationCss));

        await (await ThemesFixture.UploadAsync(org.Admin.Client, second, "logo", "logo.png", "image/png", TestImages.Png)).ReadJsonAsync();
        await (await org.Admin.Client.PostAsync($"/api/v1/themes/{second}/activate", null)).ReadJsonAsync();
        using var active = await fixture.Client.GetAsync(organizationCss);
        var activeCss = await active.Content.ReadAsStringAsync();
        Assert.Contains("--vetrai-color-primary: #222222;", activeCss, StringComparison.Ordinal);
        Assert.Contains($"--vetrai-logo-url: url(\"/api/v1/themes/{second}/logo?v=", activeCss, StringComparison.Ordinal);
        using var notModified = await GetCssAsync(organizationCss, active.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.False((await (await org.User.Client.GetAsync($"/api/v1/themes/{first}")).ReadJsonAsync()).GetProperty("active").GetBoolean());

        var branding = await organization.GetBrandingAsync();
        Assert.Equal(("Second", "#222222", "#fff", "#f0f0f0", "#111111"), (branding.Name, branding.Primary, branding.Secondary, branding.Background, branding.Text));
        Assert.StartsWith($"{ThemesFixture.PublicUrl}/api/v1/themes/{second}/logo?v=", branding.LogoUrl, StringComparison.Ordinal);
        using var logo = await fixture.Client.GetAsync(new Uri(branding.LogoUrl!).PathAndQuery);
        Assert.Equal(TestImages.Png, await logo.Content.ReadAsByteArrayAsync());

        // Deleting the active theme leaves the organization on the default theme.
        await (await org.Admin.Client.DeleteAsync($"/api/v1/themes/{second}")).ReadJsonAsync(HttpStatusCode.NoContent);
        Assert.Equal(defaultCss, await fixture.Client.GetStringAsync(organizationCss));
        Assert.Equal(ThemeBranding.Default, await organization.GetBrandingAsync());
        Assert.All((await (await org.Admin.Client.GetAsync("/api/v1/themes")).ReadJsonAsync()).GetProperty("items").EnumerateArray(),
            theme => Assert.False(theme.GetProperty("active").GetBoolean()));

        // A deleted organization has no public stylesheet.
        await (await org.Admin.Client.DeleteAsync($"/api/v1/organizations/{org.Admin.OrganizationId}")).ReadJsonAsync(HttpStatusCode.NoContent);
        await (await fixture.Client.GetAsync(organizationCss)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await fixture.Client.GetAsync($"/api/v1/themes/{first}/theme.css")).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> GetCssAsync(string path, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return fixture.Client.SendAsync(request);
    }
}
