using VetrAI.ApiFrontend.Tests.Infrastructure;

namespace VetrAI.ApiFrontend.Tests.OpenApi;

/// <summary>The document client generators read passes Redocly's recommended rules, as the real front end
/// serves it.</summary>
public sealed class OpenApiLintTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_document_has_no_errors_and_no_warnings_under_the_recommended_rules()
    {
        using var response = await fixture.Client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var path = Path.Combine(Path.GetTempPath(), $"vetrai-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, await response.Content.ReadAsStringAsync());
        try
        {
            var report = await RedoclyCli.LintAsync(path);
            Assert.True(report.Errors == 0 && report.Warnings == 0,
                $"redocly lint: {report.Errors} errors, {report.Warnings} warnings:{Environment.NewLine}{string.Join(Environment.NewLine, report.Problems)}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
