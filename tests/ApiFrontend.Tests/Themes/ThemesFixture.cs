using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VetrAI.ApiFrontend.Tests.Infrastructure;
using VetrAI.ApiFrontend.Tests.Tickets;

namespace VetrAI.ApiFrontend.Tests.Themes;

/// <summary>The support harness (object storage on the test s3rver) with a small image limit and a public URL for
/// the logo links of emails; plus helpers to make themes and upload images.</summary>
public sealed class ThemesFixture : SupportFixture
{
    public const int ImageLimit = 64 * 1024;
    public const string PublicUrl = "https://brand.example";

    protected override void Configure(TestFrontendOptions options)
    {
        base.Configure(options);
        options.Settings["VETRAI_THEMES_MAX_IMAGE_BYTES"] = ImageLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Settings["VETRAI_PUBLIC_URL"] = PublicUrl;
    }

    public static async Task<JsonElement> CreateThemeAsync(TestSession admin, string name = "Ocean", string primary = "#0077CC", string? customCss = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var response = await admin.Client.PostJsonAsync("/api/v1/themes", new
        {
            Name = name,
            Colors = new { Primary = primary, Secondary = "#fff", Background = "#f0f0f0", Text = "#111111" },
            CustomCss = customCss,
        });
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string themeId, string kind, string fileName, string? contentType, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(client);
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        content.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/themes/{themeId}/{kind}", content);
    }
}

/// <summary>Real images, made for the tests (a 4x4 PNG, the same PNG inside an ICO directory, a 1x1 baseline JPEG).</summary>
public static class TestImages
{
    public static byte[] Png { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGMwTjsDRwzEcQA64hZRB8tCjwAAAABJRU5ErkJggg==");

    public static byte[] Ico { get; } = Convert.FromBase64String(
        "AAABAAEABAQAAAEAIABJAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAEAAAABAgCAAAAJpMJKQAAABBJREFUeJxjME47A0cMxHEAOuIWUQfLQo8AAAAASUVORK5CYII=");

    public static byte[] Jpeg { get; } = [.. Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="), 0xFF, 0xD9];

    public static byte[] Svg { get; } = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
          <defs><linearGradient id="g"><stop offset="0" stop-color="#08c"/></linearGradient></defs>
          <style>circle { fill: url(#g); }</style>
          <circle cx="5" cy="5" r="4" style="stroke: #333"/>
          <use xlink:href="#g"/>
          <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
        </svg>
        """u8.ToArray();
}

/// <summary>The theme test classes share one front end.</summary>
[CollectionDefinition(Name)]
public sealed class ThemesCollection : ICollectionFixture<ThemesFixture>
{
    public const string Name = "Themes";
}
