using System.Globalization;
using System.Text;

namespace VetrAI.Grains.Abstractions.Themes;

/// <summary>Which addresses a <c>url()</c> may name.</summary>
public enum CssUrlPolicy
{
    /// <summary>Theme stylesheets: relative URLs of the same origin (no scheme, not <c>//host</c>), <c>#fragment</c>
    /// and <c>data:image/png|jpeg|gif|webp</c>.</summary>
    SameOriginOrDataImage,

    /// <summary>Inside uploaded SVG images: only <c>#fragment</c> and <c>data:image/png|jpeg|gif|webp</c>.</summary>
    FragmentOrDataImage,
}

/// <summary>A strict scanner for CSS that organizations add to their theme: it refuses anything that could make a
/// browser load a resource from another origin or run script, and everything it cannot read with certainty.
/// It tokenizes as CSS Syntax Level 3 does (comments, strings, escapes, identifiers, functions, <c>url()</c>), so an
/// escape such as <c>\75 rl(</c> is read as the browser reads it, then checks:
/// <list type="bullet">
/// <item>at most <see cref="MaxLength"/> characters; no control characters other than tab and line breaks; no
/// <c>&lt;</c> at all (so the CSS cannot close a <c>&lt;style&gt;</c> element it may be inlined in);</item>
/// <item>at-rules only from a list that loads nothing (<c>@media</c>, <c>@supports</c>, <c>@font-face</c>,
/// <c>@keyframes</c>, <c>@layer</c>, <c>@container</c>, ...): <c>@import</c>, <c>@namespace</c> and unknown ones are refused;</item>
/// <item>every <c>url()</c> (quoted or not) by <see cref="CssUrlPolicy"/>: no scheme, no <c>//host</c>, no backslash or
/// whitespace inside, except <c>data:image/png|jpeg|gif|webp</c>;</item>
/// <item>functions that take a bare string as an address or run code are refused outright: <c>image()</c>,
/// <c>image-set()</c>, <c>src()</c>, <c>expression()</c> (vendor-prefixed forms too);</item>
/// <item><c>behavior</c> and <c>-moz-binding</c>, and any string holding <c>javascript:</c> or <c>vbscript:</c>;</item>
/// <item>unterminated comments, strings or <c>url(</c>, bad URLs and unbalanced brackets.</item>
/// <item>a comment ends a name, as in browsers: <c>u/**/rl(</c> is two names and loads nothing.</item>
/// </list></summary>
public static class CustomCss
{
    /// <summary>Longest custom CSS accepted, in characters.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Why <paramref name="css"/> is refused (a sentence starting with <paramref name="field"/>), or null
    /// when it may be served.</summary>
    public static string? Check(string css, CssUrlPolicy policy, string field = "custom_css")
    {
        ArgumentNullException.ThrowIfNull(css);
        if (css.Length > MaxLength)
        {
            return $"{field} must be at most {MaxLength} characters.";
        }

        var refusal = new Scanner(css, policy).Run();
        return refusal is null ? null : $"{field} is refused: {refusal}";
    }

    private sealed class Scanner(string css, CssUrlPolicy policy)
    {
        private static readonly string[] _atRules =
        [
            "media", "supports", "font-face", "keyframes", "layer", "container", "page", "property", "counter-style",
            "font-feature-values", "font-palette-values", "scope", "starting-style", "charset",
        ];

        private static readonly string[] _refusedFunctions = ["image", "image-set", "src", "expression"];
        private static readonly string[] _refusedIdentifiers = ["behavior", "binding", "expression"];
        private static readonly string[] _vendorPrefixes = ["-webkit-", "-moz-", "-ms-", "-o-"];
        private static readonly string[] _dataImageTypes = ["png", "jpeg", "gif", "webp"];

        private readonly Stack<char> _open = new();
        private int _pos;

        public string? Run()
        {
            foreach (var c in css)
            {
                if (c == '<')
                {
                    return "'<' is not allowed in CSS.";
                }

                if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
                {
                    return "control characters are not allowed.";
                }
            }

            while (_pos < css.Length)
            {
                var refusal = Next();
                if (refusal is not null)
                {
                    return refusal;
                }
            }

            if (_open.Count > 0)
            {
                return $"'{_open.Peek()}' is never closed.";
            }

            return null;
        }

        private string? Next()
        {
            var c = css[_pos];
            if (c == '/' && At(_pos + 1) == '*')
            {
                var end = css.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return "a comment is never closed.";
                }

                _pos = end + 2;
                return null;
            }

            if (c is '"' or '\'')
            {
                var text = ReadString();
                return text is null ? "a string is never closed." : CheckString(text);
            }

            if (c == '@' && StartsIdentifier(_pos + 1))
            {
                _pos++;
                var name = ReadName().ToLowerInvariant();
                return CheckAtRule(name);
            }

            if (StartsIdentifier(_pos))
            {
                var name = ReadName().ToLowerInvariant();
                if (At(_pos) != '(')
                {
                    return _refusedIdentifiers.Contains(Unprefixed(name)) ? $"'{name}' is not allowed." : null;
                }

                _pos++;
                if (name == "url")
                {
                    return ReadUrl();
                }

                _open.Push('(');
                return _refusedFunctions.Contains(Unprefixed(name)) ? $"{name}() is not allowed." : null;
            }

            _pos++;
            return c switch
            {
                '{' or '(' or '[' => Open(c),
                '}' => Close('{'),
                ')' => Close('('),
                ']' => Close('['),
                _ => null,
            };
        }

        private string? Open(char c)
        {
            _open.Push(c);
            return null;
        }

        private string? Close(char opener)
        {
            if (_open.Count == 0 || _open.Pop() != opener)
            {
                return "brackets are unbalanced.";
            }

            return null;
        }

        private string? CheckAtRule(string name)
        {
            if (name == "import")
            {
                return "@import is not allowed: a theme cannot load other stylesheets.";
            }

            return _atRules.Contains(Unprefixed(name)) ? null : $"@{name} is not allowed.";
        }

        private static string? CheckString(string text)
        {
            var compact = Compact(text);
            return compact.Contains("javascript:", StringComparison.Ordinal) || compact.Contains("vbscript:", StringComparison.Ordinal)
                ? "script URLs are not allowed."
                : null;
        }

        /// <summary>After <c>url(</c>: a quoted address or an unquoted one, then <c>)</c>.</summary>
        private string? ReadUrl()
        {
            SkipWhitespace();
            string? address;
            if (At(_pos) is '"' or '\'')
            {
                address = ReadString();
                if (address is null)
                {
                    return "a string is never closed.";
                }

                SkipWhitespace();
                if (At(_pos) != ')')
                {
                    return "url() must hold one address and nothing else.";
                }

                _pos++;
            }
            else
            {
                address = ReadUnquotedUrl();
                if (address is null)
                {
                    return "a url() is malformed or never closed.";
                }
            }

            return CheckUrl(address, policy);
        }

        private string? ReadUnquotedUrl()
        {
            var value = new StringBuilder();
            while (_pos < css.Length)
            {
                var c = css[_pos];
                if (c == ')')
                {
                    _pos++;
                    return value.ToString();
                }

                if (IsWhitespace(c))
                {
                    SkipWhitespace();
                    if (At(_pos) != ')')
                    {
                        return null;
                    }

                    _pos++;
                    return value.ToString();
                }

                if (c is '"' or '\'' or '(' || char.IsControl(c))
                {
                    return null;
                }

                if (c == '\\')
                {
                    if (!IsValidEscape(_pos))
                    {
                        return null;
                    }

                    value.Append(ReadEscape());
                    continue;
                }

                value.Append(c);
                _pos++;
            }

            return null;
        }

        /// <summary>Whether a <c>url()</c> address may stay under <paramref name="urlPolicy"/>; null when it may.</summary>
        private static string? CheckUrl(string address, CssUrlPolicy urlPolicy)
        {
            var url = address.Trim(' ', '\t', '\n', '\r', '\f');
            if (url.Length == 0)
            {
                return "url() is empty.";
            }

            if (url.Any(c => c <= ' ' || c == '\u007f' || c == '\\' || char.IsControl(c)))
            {
                return "a url() holds whitespace, control characters or backslashes.";
            }

            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return IsDataImage(url) ? null : "data: URLs are allowed only for png, jpeg, gif and webp images.";
            }

            if (url[0] == '#')
            {
                return null;
            }

            if (urlPolicy == CssUrlPolicy.FragmentOrDataImage)
            {
                return "only #fragment and data:image URLs are allowed.";
            }

            if (url.StartsWith("//", StringComparison.Ordinal))
            {
                return $"url({url}) names another host.";
            }

            var pathStart = url.IndexOfAny(['/', '?', '#']);
            return (pathStart < 0 ? url : url[..pathStart]).Contains(':', StringComparison.Ordinal)
                ? $"url({url}) names a scheme; only relative URLs of the same origin are allowed."
                : null;
        }

        private static bool IsDataImage(string url)
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                return false;
            }

            var header = url[5..comma].ToLowerInvariant();
            if (header.EndsWith(";base64", StringComparison.Ordinal))
            {
                header = header[..^";base64".Length];
            }

            return header.StartsWith("image/", StringComparison.Ordinal) && _dataImageTypes.Contains(header["image/".Length..]);
        }

        private string? ReadString()
        {
            var quote = css[_pos++];
            var value = new StringBuilder();
            while (_pos < css.Length)
            {
                var c = css[_pos];
                if (c == quote)
                {
                    _pos++;
                    return value.ToString();
                }

                if (c is '\n' or '\r' or '\f')
                {
                    return null;
                }

                if (c == '\\')
                {
                    var following = At(_pos + 1);
                    if (following is '\n' or '\f')
                    {
                        _pos += 2;
                    }
                    else if (following == '\r')
                    {
                        _pos += At(_pos + 2) == '\n' ? 3 : 2;
                    }
                    else if (following == '\0')
                    {
                        return null;
                    }
                    else
                    {
                        value.Append(ReadEscape());
                    }

                    continue;
                }

                value.Append(c);
                _pos++;
            }

            return null;
        }

        private string ReadName()
        {
            var name = new StringBuilder();
            while (_pos < css.Length)
            {
                var c = css[_pos];
                if (IsNameChar(c))
                {
                    name.Append(c);
                    _pos++;
                }
                else if (IsValidEscape(_pos))
                {
                    name.Append(ReadEscape());
                }
                else
                {
                    break;
                }
            }

            return name.ToString();
        }

        /// <summary>Reads the escape at the backslash at <see cref="_pos"/> (a valid one) and returns what it stands for.</summary>
        private string ReadEscape()
        {
            _pos++;
            var digits = 0;
            while (digits < 6 && char.IsAsciiHexDigit(At(_pos + digits)))
            {
                digits++;
            }

            if (digits == 0)
            {
                return css[_pos++].ToString();
            }

            var code = int.Parse(css.AsSpan(_pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            _pos += digits;
            if (At(_pos) == '\r' && At(_pos + 1) == '\n')
            {
                _pos += 2;
            }
            else if (IsWhitespace(At(_pos)))
            {
                _pos++;
            }

            return code == 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF ? "\uFFFD" : char.ConvertFromUtf32(code);
        }

        private bool StartsIdentifier(int at)
        {
            var c = At(at);
            if (c == '-')
            {
                var following = At(at + 1);
                return IsNameStart(following) || following == '-' || IsValidEscape(at + 1);
            }

            return IsNameStart(c) || IsValidEscape(at);
        }

        private bool IsValidEscape(int at) => At(at) == '\\' && at + 1 < css.Length && css[at + 1] is not ('\n' or '\r' or '\f');

        private void SkipWhitespace()
        {
            while (IsWhitespace(At(_pos)))
            {
                _pos++;
            }
        }

        /// <summary>The character at <paramref name="at"/>, or NUL past the end (NUL never occurs inside: refused up front).</summary>
        private char At(int at) => at < css.Length ? css[at] : '\0';

        private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

        private static bool IsNameChar(char c) => IsNameStart(c) || char.IsAsciiDigit(c) || c == '-';

        private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

        private static string Unprefixed(string name)
        {
            foreach (var prefix in _vendorPrefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return name[prefix.Length..];
                }
            }

            return name;
        }

        private static string Compact(string text)
        {
            var compact = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c) && !char.IsControl(c))
                {
                    compact.Append(char.ToLowerInvariant(c));
                }
            }

            return compact.ToString();
        }
    }
}
