using System.Text;

namespace VetrAI.ApiFrontend.Tickets;

/// <summary>What an uploaded file may be called and be.</summary>
public static class AttachmentFiles
{
    public const int MaxFileNameLength = 120;

    /// <summary>A safe file name from what the client sent: no directories, no control or shell-special
    /// characters, no leading dots, at most <see cref="MaxFileNameLength"/> characters with the extension kept.</summary>
    public static string SanitizeFileName(string? name)
    {
        var baseName = (name ?? "").Replace('\\', '/');
        baseName = baseName[(baseName.LastIndexOf('/') + 1)..];
        var cleaned = new StringBuilder(baseName.Length);
        foreach (var c in baseName.Normalize(NormalizationForm.FormC))
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : c is ' ' or '(' or ')' or '+' or ',' ? '_' : char.IsLetterOrDigit(c) ? c : '_');
        }

        var result = cleaned.ToString().Trim('.', '_');
        while (result.Contains("__", StringComparison.Ordinal))
        {
            result = result.Replace("__", "_", StringComparison.Ordinal);
        }

        if (result.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(result);
            extension = extension.Length is > 1 and <= 16 ? extension : "";
            result = result[..(MaxFileNameLength - extension.Length)].TrimEnd('.', '_') + extension;
        }

        return result.Length == 0 ? "file" : result;
    }

    /// <summary>The media type without parameters, lower-cased; null when absent or malformed.</summary>
    public static string? NormalizeContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < mediaType.Length - 1 && !mediaType.Any(char.IsWhiteSpace) ? mediaType : null;
    }
}
