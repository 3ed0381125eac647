using System.Net;
using System.Text;

namespace VetrAI.Grains.Notifications;

/// <summary>The HTML part of an email: the organization's branding around the rendered text (already
/// HTML-encoded, line breaks kept). Colors come from a validated theme; they are encoded again anyway.</summary>
internal sealed class EmailComposer(IEmailBranding branding)
{
    public async Task<string> HtmlAsync(string? organizationId, string subject, string encodedBody)
    {
        var brand = await branding.GetAsync(organizationId);
        var primary = WebUtility.HtmlEncode(brand.Primary);
        var background = WebUtility.HtmlEncode(brand.Background);
        var text = WebUtility.HtmlEncode(brand.Text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(subject)).Append("</title></head>");
        html.Append("<body style=\"margin:0;padding:0;background:").Append(background).Append(";color:").Append(text)
            .Append(";font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif\">");
        html.Append("<div style=\"border-top:6px solid ").Append(primary).Append(";padding:24px;max-width:640px;margin:0 auto\">");
        if (brand.LogoUrl is { } logo)
        {
            html.Append("<img src=\"").Append(WebUtility.HtmlEncode(logo)).Append("\" alt=\"").Append(WebUtility.HtmlEncode(brand.Name))
                .Append("\" style=\"max-height:48px;margin-bottom:16px\">");
        }
        else
        {
            html.Append("<div style=\"font-size:20px;font-weight:600;color:").Append(primary).Append(";margin-bottom:16px\">")
                .Append(WebUtility.HtmlEncode(brand.Name)).Append("</div>");
        }

        html.Append("<h1 style=\"font-size:18px\">").Append(WebUtility.HtmlEncode(subject)).Append("</h1>");
        html.Append("<div style=\"white-space:pre-wrap;line-height:1.5\">").Append(encodedBody).Append("</div>");
        html.Append("</div></body></html>");
        return html.ToString();
    }
}
