using System.Xml;
using VetrAI.Grains.Abstractions.Themes;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>Whether an SVG may be served as a theme image. It is parsed with <see cref="XmlReader"/> with DTDs
/// prohibited and no resolver (so no entity, internal or external, is ever expanded), and refused when it is not
/// well-formed, its root is not <c>&lt;svg&gt;</c> in the SVG namespace, or it carries:
/// <list type="bullet">
/// <item>script: <c>&lt;script&gt;</c>, <c>on*</c> event attributes, <c>javascript:</c>/<c>vbscript:</c> anywhere in an
/// attribute, animations (<c>set</c>, <c>animate</c>) that target <c>href</c> or an event attribute;</item>
/// <item>other documents: <c>&lt;foreignObject&gt;</c>, <c>iframe</c>, <c>embed</c>, <c>object</c>, any XHTML element,
/// processing instructions (<c>&lt;?xml-stylesheet?&gt;</c>);</item>
/// <item>external references: <c>href</c>, <c>xlink:href</c> or <c>src</c> to anything but <c>#fragment</c> or
/// <c>data:image/png|jpeg|gif|webp</c>, and <c>url()</c> in attributes, <c>style</c> attributes or <c>&lt;style&gt;</c>
/// elements to anything but those (checked by <see cref="CustomCss"/>).</item>
/// </list></summary>
public static class SvgSafety
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    private static readonly string[] _refusedElements = ["script", "foreignobject", "iframe", "embed", "object", "handler", "listener"];

    /// <summary>Why <paramref name="bytes"/> is refused, or null when it is a safe SVG.</summary>
    public static string? Check(ReadOnlySpan<byte> bytes)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
        };

        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            return Walk(reader);
        }
        catch (XmlException exception)
        {
            return $"it is not well-formed XML without a DTD (line {exception.LineNumber}).";
        }
    }

    private static string? Walk(XmlReader reader)
    {
        var sawRoot = false;
        var styleDepth = -1;
        var style = new System.Text.StringBuilder();
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.ProcessingInstruction:
                case XmlNodeType.DocumentType:
                case XmlNodeType.EntityReference:
                    return $"{reader.NodeType} nodes are not allowed.";

                case XmlNodeType.Element:
                    if (!sawRoot && (reader.LocalName != "svg" || reader.NamespaceURI != SvgNamespace))
                    {
                        return "the root element must be <svg> in the SVG namespace.";
                    }

                    sawRoot = true;
                    if (styleDepth >= 0)
                    {
                        return "<style> may hold only text.";
                    }

                    var refusal = CheckElement(reader);
                    if (refusal is not null)
                    {
                        return refusal;
                    }

                    if (reader.LocalName.Equals("style", StringComparison.OrdinalIgnoreCase) && !reader.IsEmptyElement)
                    {
                        styleDepth = reader.Depth;
                        style.Clear();
                    }

                    break;

                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                case XmlNodeType.Whitespace:
                    if (styleDepth >= 0)
                    {
                        style.Append(reader.Value);
                    }

                    break;

                case XmlNodeType.EndElement when reader.Depth == styleDepth:
                    styleDepth = -1;
                    if (CustomCss.Check(style.ToString(), CssUrlPolicy.FragmentOrDataImage, "a <style> element") is { } cssRefusal)
                    {
                        return cssRefusal;
                    }

                    break;
            }
        }

        return sawRoot ? null : "it holds no <svg> element.";
    }

    private static string? CheckElement(XmlReader reader)
    {
        var element = reader.LocalName.ToLowerInvariant();
        if (_refusedElements.Contains(element))
        {
            return $"<{reader.Name}> is not allowed.";
        }

        if (reader.NamespaceURI == XhtmlNamespace)
        {
            return $"HTML elements such as <{reader.Name}> are not allowed.";
        }

        var animation = element is "set" or "animate" or "animatetransform" or "animatemotion";
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            if (reader.NamespaceURI == XmlnsNamespace)
            {
                continue;
            }

            var refusal = CheckAttribute(reader.Name, reader.LocalName.ToLowerInvariant(), reader.Value, animation);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        reader.MoveToElement();
        return null;
    }

    private static string? CheckAttribute(string qualifiedName, string name, string value, bool animation)
    {
        if (name.StartsWith("on", StringComparison.Ordinal))
        {
            return $"event attributes such as {qualifiedName} are not allowed.";
        }

        var compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))).ToLowerInvariant();
        if (compact.Contains("javascript:", StringComparison.Ordinal) || compact.Contains("vbscript:", StringComparison.Ordinal))
        {
            return $"{qualifiedName} holds a script URL.";
        }

        if (name is "href" or "src" && !IsInternalReference(compact))
        {
            return $"{qualifiedName}=\"{Shorten(value)}\" refers outside the image; only #fragment and data:image URLs are allowed.";
        }

        if (animation && name == "attributename")
        {
            var target = compact[(compact.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (target is "href" or "src" || target.StartsWith("on", StringComparison.Ordinal))
            {
                return $"animating {value} is not allowed.";
            }
        }

        if (name == "style" || compact.Contains("url(", StringComparison.Ordinal))
        {
            return CustomCss.Check(value, CssUrlPolicy.FragmentOrDataImage, qualifiedName);
        }

        return null;
    }

    private static bool IsInternalReference(string compact)
    {
        if (compact.StartsWith('#'))
        {
            return true;
        }

        foreach (var type in new[] { "png", "jpeg", "gif", "webp" })
        {
            if (compact.StartsWith($"data:image/{type};", StringComparison.Ordinal) || compact.StartsWith($"data:image/{type},", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "...";
}
