using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;
using VetrAI.Grains.ObjectStorage;

namespace VetrAI.ApiFrontend.Tests.Themes;

[Collection(ThemesCollection.Name)]
public sealed class ThemeUploadTests(ThemesFixture fixture)
{
    private IObjectStorage Storage => fixture.Frontend.Services.GetRequiredService<IObjectStorage>();

    [Fact]
    public async Task Real_png_jpeg_and_ico_images_are_stored_and_read_back_byte_for_byte()
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin)).GetString("id");

        var withPng = await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", "image/png", TestImages.Png)).ReadJsonAsync();
        await AssertServedAsync(withPng.GetString("logo_url"), "image/png", TestImages.Png);
        var withIco = await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "favicon", "favicon.ico", "image/vnd.microsoft.icon", TestImages.Ico)).ReadJsonAsync();
        await AssertServedAsync(withIco.GetString("favicon_url"), "image/x-icon", TestImages.Ico);
        var withJpeg = await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.jpg", "image/jpeg", TestImages.Jpeg)).ReadJsonAsync();
        Assert.NotEqual(withPng.GetString("logo_url"), withJpeg.GetString("logo_url"));
        await AssertServedAsync(withJpeg.GetString("logo_url"), "image/jpeg", TestImages.Jpeg);
        await AssertServedAsync($"/api/v1/themes/{id}/favicon", "image/x-icon", TestImages.Ico);

        // The replaced logo is gone from the bucket; the stylesheet names the new one.
        Assert.Equal(2, (await Storage.ListAsync(org.Admin.OrganizationId!, $"themes/{id}/", CancellationToken.None)).Count);
        Assert.Contains(withJpeg.GetString("logo_url"), await fixture.Client.GetStringAsync($"/api/v1/themes/{id}/theme.css"), StringComparison.Ordinal);

        // A conditional GET of the image is 304.
        using var first = await fixture.Client.GetAsync($"/api/v1/themes/{id}/logo");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/themes/{id}/logo");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        // Deleting the theme removes its images.
        await (await org.Admin.Client.DeleteAsync($"/api/v1/themes/{id}")).ReadJsonAsync(HttpStatusCode.NoContent);
        Assert.Empty(await Storage.ListAsync(org.Admin.OrganizationId!, $"themes/{id}/", CancellationToken.None));
        await (await fixture.Client.GetAsync($"/api/v1/themes/{id}/logo")).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_safe_svg_is_served_inert_with_a_restrictive_content_security_policy()
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin)).GetString("id");
        var theme = await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.svg", "image/svg+xml", TestImages.Svg)).ReadJsonAsync();

        using var response = await AssertServedAsync(theme.GetString("logo_url"), "image/svg+xml", TestImages.Svg);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><SCRIPT xmlns=\"http://www.w3.org/2000/svg\">alert(1)</SCRIPT></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"1\" ONCLICK=\"alert(1)\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript:alert(1)\"><text>x</text></a></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\" jav&#x09;ascript:alert(1)\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://evil.example/x.png\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use xlink:href=\"//evil.example/s.svg#a\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><use href=\"other.svg#a\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><image src=\"https://evil.example/x.png\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect fill=\"url(https://evil.example/p.svg#g)\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"fill: url(//evil.example/p.svg#g)\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@import url(https://evil.example/x.css);</style></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><style><![CDATA[rect { fill: url(/local.svg#x) }]]></style></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><iframe xmlns=\"http://www.w3.org/1999/xhtml\" src=\"#x\"/></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><a><animate attributeName=\"xlink:href\" values=\"https://evil.example\"/></a></svg>")]
    [InlineData("<?xml-stylesheet href=\"https://evil.example/x.css\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&xxe;</text></svg>")]
    [InlineData("<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>")]
    [InlineData("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("<svg><circle r=\"1\"/></svg>")]
    [InlineData("<html><body>not an svg</body></html>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"1\"></svg>")]
    public async Task Svgs_with_scripts_or_external_references_are_400_and_nothing_is_stored(string svg)
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin)).GetString("id");

        Assert.Contains("SVG", await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.svg", "image/svg+xml", Encoding.UTF8.GetBytes(svg)))
            .ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await AssertNothingStoredAsync(org, id);
    }

    [Fact]
    public async Task Disguised_uploads_are_400_and_nothing_is_stored()
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin)).GetString("id");
        var text = "just some text, honest"u8.ToArray();
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();

        var refusals = new[]
        {
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.svg", "image/svg+xml", TestImages.Png),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.svg", "image/png", TestImages.Png),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", "image/png", text),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", null, text),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "favicon", "favicon.ico", "image/x-icon", TestImages.Png),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "favicon", "favicon.png", "image/png", html),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.jpg", "image/jpeg", TestImages.Png),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.html", "text/html", html),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.gif", "image/gif", TestImages.Png),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.exe", "application/octet-stream", TestImages.Png),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", "image/png", TestImages.Png[..20]),
            await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", "image/png", []),
            await org.Admin.Client.PostJsonAsync($"/api/v1/themes/{id}/logo", new { File = "x" }),
            await org.Admin.Client.PostAsync($"/api/v1/themes/{id}/logo", new MultipartFormDataContent { { new StringContent("no file here"), "field" } }),
            // Malformed multipart: no closing boundary, a part header without a colon, a part cut off.
            await PostMultipartAsync(org.Admin.Client, $"/api/v1/themes/{id}/logo", "hello"),
            await PostMultipartAsync(org.Admin.Client, $"/api/v1/themes/{id}/logo", "--x\r\nnot a header\r\n\r\nbody\r\n--x--\r\n"),
            await PostMultipartAsync(org.Admin.Client, $"/api/v1/themes/{id}/logo", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\ntruncated"),
        };

        foreach (var refusal in refusals)
        {
            await refusal.ReadErrorAsync(HttpStatusCode.BadRequest);
        }

        Assert.Contains("disguised", await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", "image/png", text))
            .ReadErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await AssertNothingStoredAsync(org, id);

        // Only org admins upload; a plain member is refused before anything is read.
        await (await ThemesFixture.UploadAsync(org.User.Client, id, "logo", "logo.png", "image/png", TestImages.Png)).ReadErrorAsync(HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(org, id);
    }

    [Fact]
    public async Task An_image_over_the_limit_is_413_and_nothing_is_stored()
    {
        var org = await fixture.CreateOrgAsync();
        var id = (await ThemesFixture.CreateThemeAsync(org.Admin)).GetString("id");
        var big = new byte[ThemesFixture.ImageLimit + 1];
        TestImages.Png.CopyTo(big, 0);

        Assert.Contains("larger than the limit", await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", "image/png", big))
            .ReadErrorAsync(HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "favicon", "favicon.png", "image/png", new byte[ThemesFixture.ImageLimit * 4]))
            .ReadErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync(org, id);

        var exact = new byte[ThemesFixture.ImageLimit];
        TestImages.Png.CopyTo(exact, 0);
        var theme = await (await ThemesFixture.UploadAsync(org.Admin.Client, id, "logo", "logo.png", "image/png", exact)).ReadJsonAsync();
        await AssertServedAsync(theme.GetString("logo_url"), "image/png", exact);
    }

    /// <summary>Posts <paramref name="body"/> as it is, declared as multipart with boundary <c>x</c>.</summary>
    private static Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string url, string body)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        return client.PostAsync(url, content);
    }

    private async Task<HttpResponseMessage> AssertServedAsync(string url, string contentType, byte[] expected)
    {
        var response = await fixture.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nosniff", response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        return response;
    }

    private async Task AssertNothingStoredAsync(SupportOrg org, string id)
    {
        Assert.Empty(await Storage.ListAsync(org.Admin.OrganizationId!, $"themes/{id}/", CancellationToken.None));
        var theme = await (await org.Admin.Client.GetAsync($"/api/v1/themes/{id}")).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, theme.GetProperty("logo_url").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, theme.GetProperty("favicon_url").ValueKind);
    }
}
