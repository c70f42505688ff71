using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Users.Policy;
using NewMediaCms.Web.Pages.Admin;
using static NewMediaCms.Tests.Security.SignInHelpers;

namespace NewMediaCms.Tests.Security;

/// <summary>Sign-in answers that tell nothing about which names exist, lockout per account and client, the client limits.</summary>
public sealed class SignInThrottleTests
{
    private static NmcAppFactory App(int nameChallenge = 3, int clientChallenge = 100000, int clientBlock = 100000)
    {
        var app = NmcAppFactory.Create();
        app.Settings["SignIn:ChallengeAfterNameFailures"] = nameChallenge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["SignIn:ChallengeAfterClientFailures"] = clientChallenge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["SignIn:ClientBlockFailures"] = clientBlock.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return app;
    }

    [Fact]
    public async Task An_unknown_name_a_wrong_password_and_a_locked_account_get_the_same_answer()
    {
        await using var app = App(nameChallenge: 100);
        var client = ClientFrom(app, "10.1.0.1");
        var unknown = await ErrorOfAsync(await LoginAsync(app, client, "nobody.at.all", "Whatever-Pass-1!"));
        var wrong = await ErrorOfAsync(await LoginAsync(app, client, "gaj.editor", "Whatever-Pass-1!"));
        for (var i = 0; i < 4; i++)
        {
            await LoginAsync(app, client, "gaj.editor", "Whatever-Pass-1!");
        }
        var locked = await ErrorOfAsync(await LoginAsync(app, client, "gaj.editor", NmcAppFactory.DemoPassword));
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(app, client, "nobody.at.all", "Whatever-Pass-1!");
        }
        var unknownLocked = await ErrorOfAsync(await LoginAsync(app, client, "nobody.at.all", "Whatever-Pass-1!"));

        Assert.Equal(LoginModel.RefusedMessage, unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
        Assert.Equal(unknown, unknownLocked);

        // Unknown names lock like known ones (the audit log tells the operator; the answer tells the client nothing).
        await using var scope = app.TenantScope(null);
        var actions = await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == "nobody.at.all").Select(e => e.Action).ToListAsync();
        Assert.Contains("user.locked-out", actions);
    }

    [Fact]
    public async Task An_unknown_name_costs_a_password_hash_like_a_known_one()
    {
        var hasher = new CountingHasher();
        await using var app = App();
        app.TestServices = s => s.AddSingleton<IPasswordHasher<NmcUser>>(hasher);
        _ = app.Services;
        var client = ClientFrom(app, "10.1.0.2");

        var before = hasher.Verifications;
        await LoginAsync(app, client, "gaj.editor", "Whatever-Pass-1!");
        var known = hasher.Verifications - before;
        before = hasher.Verifications;
        await LoginAsync(app, client, "no.such.person", "Whatever-Pass-1!");
        var unknown = hasher.Verifications - before;

        Assert.Equal(1, known);
        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task Unknown_names_are_asked_for_the_challenge_after_the_same_number_of_failures_as_known_ones()
    {
        await using var app = App(nameChallenge: 3);
        foreach (var name in new[] { "gaj.editor", "ghost.user" })
        {
            var client = ClientFrom(app, "10.1.0.3");
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(LoginModel.RefusedMessage, await ErrorOfAsync(await LoginAsync(app, client, name, "Whatever-Pass-1!")));
            }
            var fourth = await LoginAsync(app, client, name, "Whatever-Pass-1!");
            Assert.Contains("算术验证", await ErrorOfAsync(fourth));
        }
    }

    [Fact]
    public async Task Failures_from_one_client_lock_that_client_out_of_the_account_but_not_the_owner_elsewhere()
    {
        await using var app = App(nameChallenge: 100);
        var attacker = ClientFrom(app, "203.0.113.66");
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(app, attacker, "admin", "Guess-Number-" + i);
        }
        // Even the right password is refused from the attacker's address now...
        Assert.Equal(LoginModel.RefusedMessage, await ErrorOfAsync(await LoginAsync(app, attacker, "admin", NmcAppFactory.AdminPassword)));
        // ...while the administrator, at their own desk, signs in.
        var owner = await LoginAsync(app, ClientFrom(app, "10.0.0.10"), "admin", NmcAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task A_distributed_guess_at_the_admin_only_brings_the_challenge_which_the_admin_passes()
    {
        await using var app = App(nameChallenge: 3);
        for (var i = 0; i < 12; i++)
        {
            await LoginAsync(app, ClientFrom(app, $"198.51.100.{i + 1}"), "admin", "Guess-Number-" + i);
        }
        var desk = ClientFrom(app, "10.0.0.10");
        var unanswered = await LoginAsync(app, desk, "admin", NmcAppFactory.AdminPassword);
        Assert.Contains("算术验证", await ErrorOfAsync(unanswered));
        Assert.True(ShowsChallenge(await unanswered.Content.ReadAsStringAsync()));

        var wrongAnswer = await AnswerChallengeAsync(app, desk, unanswered, "admin", NmcAppFactory.AdminPassword, answer: "-1");
        Assert.Equal(HttpStatusCode.OK, wrongAnswer.StatusCode);
        Assert.Contains("答案不正确", await ErrorOfAsync(wrongAnswer));

        var answered = await AnswerChallengeAsync(app, desk, wrongAnswer, "admin", NmcAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
    }

    [Fact]
    public async Task A_client_that_fails_often_gets_the_challenge_on_the_empty_form_and_is_blocked_later()
    {
        await using var app = App(nameChallenge: 100, clientChallenge: 3, clientBlock: 6);
        var bot = ClientFrom(app, "192.0.2.9");
        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(app, bot, "user" + i, "Whatever-Pass-1!");
        }
        Assert.True(ShowsChallenge(await bot.GetStringAsync("/admin/login")));
        Assert.False(ShowsChallenge(await ClientFrom(app, "10.0.0.10").GetStringAsync("/admin/login")));
        for (var i = 3; i < 6; i++)
        {
            await LoginAsync(app, bot, "user" + i, "Whatever-Pass-1!", solve: true);
        }
        // Blocked: a right password with a right answer is refused from this client.
        Assert.Equal(LoginModel.RefusedMessage, await ErrorOfAsync(await LoginAsync(app, bot, "gaj.editor", NmcAppFactory.DemoPassword, solve: true)));
    }

    [Fact]
    public async Task Sign_in_requests_are_rate_limited_per_client()
    {
        await using var app = NmcAppFactory.Create();
        app.Settings["RateLimits:sign-in:PermitLimit"] = "4";
        var client = ClientFrom(app, "192.0.2.50");
        var statuses = new List<HttpStatusCode>();
        // The policy counts sign-in attempts (POST); the form itself (GET) stays reachable.
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await LoginAsync(app, client, "gaj.editor", "Whatever-Pass-1!")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/login")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await LoginAsync(app, ClientFrom(app, "192.0.2.51"), "gaj.editor", "Whatever-Pass-1!")).StatusCode);
    }

    [Theory]
    [InlineData("Password1!")]
    [InlineData("a123456")]
    [InlineData("woaini1314")]
    [InlineData("Zhongguo@2024")]
    [InlineData("Admin@123456")]
    public void Common_passwords_are_on_the_shipped_list(string password)
    {
        var common = new CommonPasswords();
        Assert.True(common.Count > 3000);
        Assert.True(common.Contains(password));
        Assert.Contains("这个密码在常用密码表中，很容易被猜中，请换一个。", PasswordPolicyValidator.Check(new SecurityPolicy(), common, "someone", password));
    }

    [Fact]
    public void The_policy_checks_length_classes_and_the_user_name_in_chinese()
    {
        var common = new CommonPasswords();
        var policy = new SecurityPolicy();
        Assert.Empty(PasswordPolicyValidator.Check(policy, common, "gaj.editor", "Qing-He-County-77"));
        Assert.Contains("密码至少需要 12 个字符（现在 9 个）。", PasswordPolicyValidator.Check(policy, common, "x", "Qh-7-k2-B"));
        Assert.Contains("密码需要混合大写字母、小写字母、数字、符号中的至少 3 类（现在 2 类）。", PasswordPolicyValidator.Check(policy, common, "x", "qinghecountyseventy"[..12] + "77"));
        Assert.Contains("密码不能包含用户名。", PasswordPolicyValidator.Check(policy, common, "gaj.editor", "My-Editor-Pass-9"));
        Assert.Contains("密码至少需要 16 个字符（现在 15 个）。", PasswordPolicyValidator.Check(policy with { PasswordMinLength = 16 }, common, "x", "Qing-He-Count-7"));
    }

    [Fact]
    public async Task Password1_is_refused_when_an_administrator_sets_it()
    {
        await using var app = NmcAppFactory.Create();
        await using var scope = app.TenantScope(null);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>();
        var user = (await users.FindByNameAsync("gaj.editor"))!;
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), "Password1!");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Description.Contains("常用密码表", StringComparison.Ordinal));
    }

    private sealed class CountingHasher : IPasswordHasher<NmcUser>
    {
        private readonly PasswordHasher<NmcUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(NmcUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(NmcUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
