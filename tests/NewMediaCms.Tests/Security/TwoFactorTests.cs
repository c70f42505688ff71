using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;
using static NewMediaCms.Tests.Security.SignInHelpers;

namespace NewMediaCms.Tests.Security;

/// <summary>The second factor: TOTP through Identity's authenticator provider, recovery codes, the policy that requires it.</summary>
public sealed partial class TwoFactorTests
{
    [GeneratedRegex("id=\"authenticator-key\">([a-z2-7 ]+)<")]
    private static partial Regex Key();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCode();

    /// <summary>RFC 6238 (HMAC-SHA1, 30 s, 6 digits), as the authenticator app computes it.</summary>
    internal static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.ToUpperInvariant().Where(c => c != ' ' && c != '=').Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var code = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (code % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task<(string Key, List<string> RecoveryCodes)> EnrolAsync(HttpClient client, string pathBase)
    {
        var page = await client.GetStringAsync(pathBase + "/admin/account/two-factor");
        Assert.Contains("<svg", page);   // the QR code of the otpauth URI
        Assert.Contains("otpauth://totp/", page);
        var key = Key().Match(page).Groups[1].Value;
        Assert.NotEmpty(key);
        var enabled = await PostFormAsync(client, pathBase + "/admin/account/two-factor", pathBase + "/admin/account/two-factor?handler=Enable", ("code", Totp(key)));
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = RecoveryCode().Matches(await enabled.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        return (key, codes);
    }

    [Fact]
    public async Task A_user_enrols_an_authenticator_and_then_signs_in_with_a_code_computed_from_the_key_or_a_recovery_code_once()
    {
        await using var app = NmcAppFactory.Create();
        var client = await app.SignInAsync("gaj.editor");
        var wrong = await PostFormAsync(client, "/gaj/admin/account/two-factor", "/gaj/admin/account/two-factor?handler=Enable", ("code", "000000"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("动态口令不正确", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));

        var (key, codes) = await EnrolAsync(client, "/gaj");
        Assert.Equal(10, codes.Count);

        // The password alone is not enough any more.
        var second = app.Client();
        var password = await NmcAppFactory.SubmitLoginAsync(second, "gaj.editor", NmcAppFactory.DemoPassword);
        Assert.Equal("/admin/login/two-factor", password.Headers.Location!.OriginalString.Split('?')[0]);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/gaj/admin/content")).StatusCode);
        var bad = await PostFormAsync(second, "/admin/login/two-factor", "/admin/login/two-factor", ("Code", "123456" == Totp(key) ? "654321" : "123456"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("动态口令或恢复码不正确", await ErrorOfAsync(bad));
        var good = await PostFormAsync(second, "/admin/login/two-factor", "/admin/login/two-factor", ("Code", Totp(key)));
        Assert.Equal("/gaj/admin", good.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/gaj/admin/content")).StatusCode);

        // A recovery code works once.
        foreach (var expected in new[] { HttpStatusCode.Redirect, HttpStatusCode.OK })
        {
            var third = app.Client();
            await NmcAppFactory.SubmitLoginAsync(third, "gaj.editor", NmcAppFactory.DemoPassword);
            var recovery = await PostFormAsync(third, "/admin/login/two-factor", "/admin/login/two-factor", ("Code", codes[0]));
            Assert.Equal(expected, recovery.StatusCode);
        }

        await using var scope = app.TenantScope(null);
        var actions = await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == "gaj.editor").Select(e => e.Action).ToListAsync();
        Assert.Contains("user.two-factor-enabled", actions);
        Assert.Contains("user.second-factor-failed", actions);
        Assert.Contains("user.recovery-code-used", actions);
    }

    [Fact]
    public async Task When_the_policy_requires_it_admins_are_sent_to_enrolment_after_sign_in_and_editors_are_not()
    {
        await using var app = NmcAppFactory.Create();
        var security = await app.SignInAsync("security.admin");
        var saved = await PostFormAsync(security, "/admin/security", "/admin/security",
            ("PasswordMinLength", "12"), ("PasswordClasses", "3"), ("PasswordMaxAgeDays", "0"), ("SessionIdleMinutes", "30"),
            ("SessionLifetimeHours", "8"), ("TwoFactorRequiredForAdmins", "true"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var admin = app.Client();
        var login = await NmcAppFactory.SubmitLoginAsync(admin, "gaj.admin", NmcAppFactory.DemoPassword);
        Assert.Equal("/gaj/admin/account/two-factor", login.Headers.Location!.OriginalString);
        Assert.Equal("/gaj/admin/account/two-factor", (await admin.GetAsync("/gaj/admin/users")).Headers.Location!.OriginalString);
        Assert.Contains("安全策略要求您的角色使用动态口令", await admin.GetStringAsync("/gaj/admin/account/two-factor"));
        await EnrolAsync(admin, "/gaj");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/gaj/admin/users")).StatusCode);

        var editor = await app.SignInAsync("gaj.editor");
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/gaj/admin/content")).StatusCode);

        await using var scope = app.TenantScope(null);
        var change = await app.Db(scope).Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "security.policy-changed");
        Assert.Equal("security.admin", change.Actor);
        Assert.Contains("\"twoFactorRequiredForAdmins\":true", change.After);
    }
}
