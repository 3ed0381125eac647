using VetrAI.ApiFrontend.Tickets;

namespace VetrAI.ApiFrontend.Tests.Tickets;

public sealed class AttachmentFilesTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\Desktop\\notes.txt", "notes.txt")]
    [InlineData("..hidden", "hidden")]
    [InlineData("my file (1).png", "my_file_1_.png")]
    [InlineData("a\u0000b\r\nc.txt", "a_b_c.txt")]
    [InlineData("<script>.html", "script_.html")]
    [InlineData("résumé.pdf", "résumé.pdf")]
    [InlineData("", "file")]
    [InlineData(null, "file")]
    [InlineData("...", "file")]
    public void File_names_are_made_safe(string? given, string expected) =>
        Assert.Equal(expected, AttachmentFiles.SanitizeFileName(given));

    [Fact]
    public void Long_names_are_cut_keeping_the_extension()
    {
        var name = AttachmentFiles.SanitizeFileName(new string('x', 500) + ".tar.gz");

        Assert.Equal(AttachmentFiles.MaxFileNameLength, name.Length);
        Assert.EndsWith(".gz", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image/PNG", "image/png")]
    [InlineData("text/plain; charset=utf-8", "text/plain")]
    [InlineData("nonsense", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("text/", null)]
    public void Content_types_are_normalized(string? given, string? expected) =>
        Assert.Equal(expected, AttachmentFiles.NormalizeContentType(given));
}
