using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Notifications;
using NewMediaCms.Notifications.Mail;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Notifications;

/// <summary>E-mail notices: queued with the event, sent by the outbox job (MailKit) to a loopback SMTP server, retried when it is down.</summary>
public sealed class MailNotificationTests
{
    private static NmcAppFactory App(int port, Dictionary<string, string?>? extra = null)
    {
        var app = NmcAppFactory.Create();
        app.Settings["Mail:Host"] = "127.0.0.1";
        app.Settings["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Mail:From"] = "政务新媒体平台 <noreply@test.gov.cn>";
        app.Settings["Mail:Security"] = "None";
        app.Settings["Mail:SiteUrl"] = "https://xmt.test.gov.cn";
        foreach (var (k, v) in extra ?? [])
        {
            app.Settings[k] = v;
        }
        return app;
    }

    private static async Task SetEmailAsync(NmcAppFactory app, string userName, string email)
    {
        await using var scope = app.TenantScope(null);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        user.Email = email;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    private static async Task<int> RunOutboxJobAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        return await scope.ServiceProvider.GetRequiredService<MailOutboxJob>().SendDueAsync(CancellationToken.None);
    }

    private static Task<List<MailOutboxMessage>> OutboxAsync(NmcAppFactory app)
        => new EditorialDesk(app).InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<MailOutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task A_rejection_is_mailed_to_the_author_through_the_outbox_job_and_arrives_at_the_smtp_server()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var app = App(smtp.Port);
        await SetEmailAsync(app, "gaj.editor", "editor@gaj.test.gov.cn");
        var desk = new EditorialDesk(app);
        var id = await desk.SubmittedAsync("邮件退回通知");

        Assert.True((await desk.DoAsync(s => s.RejectAsync(People.Reviewer1, id, "请补充发布依据"))).Ok);
        // Queued in the request's unit of work, not sent in it.
        var queued = Assert.Single(await OutboxAsync(app), m => m.Subject.Contains("邮件退回通知"));
        Assert.Null(queued.SentUtc);
        Assert.Empty(smtp.Received);

        Assert.Equal(1, await RunOutboxJobAsync(app));

        var (to, message) = Assert.Single(smtp.Received);
        Assert.Equal(["editor@gaj.test.gov.cn"], to);
        Assert.Equal("【政务新媒体平台】《邮件退回通知》被退回修改", message.Subject);
        Assert.Contains("请补充发布依据", message.TextBody);
        Assert.Contains($"https://xmt.test.gov.cn/gaj/admin/content/{id}", message.TextBody);
        Assert.Equal("noreply@test.gov.cn", message.From.Mailboxes.Single().Address);
        Assert.NotNull((await OutboxAsync(app)).Single(m => m.Id == queued.Id).SentUtc);
        // Sent once: a second run finds nothing due.
        Assert.Equal(0, await RunOutboxJobAsync(app));
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task People_without_an_address_get_the_in_app_notice_only()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var app = App(smtp.Port);
        await SetEmailAsync(app, "gaj.reviewer2", "reviewer2@gaj.test.gov.cn");
        await new EditorialDesk(app).SubmittedAsync("部分邮件通知");

        Assert.Equal(["reviewer2@gaj.test.gov.cn"], (await OutboxAsync(app)).Where(m => m.Subject.Contains("部分邮件通知")).Select(m => m.ToAddress));
        await RunOutboxJobAsync(app);
        Assert.Equal(["reviewer2@gaj.test.gov.cn"], smtp.Received.SelectMany(r => r.To));
    }

    [Fact]
    public async Task When_the_smtp_server_is_down_the_mail_stays_in_the_outbox_with_its_error_and_is_sent_on_a_later_run()
    {
        var port = LoopbackSmtpServer.FreePort();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = App(port);
        app.Clock = clock;
        await SetEmailAsync(app, "gaj.editor", "editor@gaj.test.gov.cn");
        var desk = new EditorialDesk(app);
        var id = await desk.SubmittedAsync("重试邮件通知");
        Assert.True((await desk.DoAsync(s => s.RejectAsync(People.Reviewer1, id, "重写"))).Ok);

        Assert.Equal(0, await RunOutboxJobAsync(app));
        var failed = Assert.Single(await OutboxAsync(app));
        Assert.Equal(1, failed.Attempts);
        Assert.NotNull(failed.LastError);
        Assert.Null(failed.SentUtc);

        await using var smtp = await LoopbackSmtpServer.StartAsync(port);
        // Not due again before its back-off has passed.
        Assert.Equal(0, await RunOutboxJobAsync(app));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await RunOutboxJobAsync(app));
        Assert.Equal(["editor@gaj.test.gov.cn"], Assert.Single(smtp.Received).To);
    }

    [Fact]
    public void A_mail_host_needs_a_valid_sender_a_port_in_range_and_a_password_with_a_user_name()
    {
        var validator = new MailOptionsValidator();
        var result = validator.Validate(null, new MailOptions { Host = "smtp.test.gov.cn", From = "不是地址", Port = 70000, UserName = "u" });
        Assert.True(result.Failed);
        Assert.Contains("Mail:From", result.FailureMessage);
        Assert.Contains("Mail:Port", result.FailureMessage);
        Assert.Contains("Mail:Password", result.FailureMessage);
        Assert.True(validator.Validate(null, new MailOptions()).Succeeded);
    }

    [Fact]
    public async Task The_application_does_not_start_with_a_mail_host_and_no_sender_and_says_which_setting()
    {
        using var appData = NewMediaCms.Tests.Setup.AppProcess.NewAppData();
        var (exitCode, output) = await NewMediaCms.Tests.Setup.AppProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Store__AppDataPath"] = appData.Path,
            ["Mail__Host"] = "smtp.test.gov.cn",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("启动失败：", output);
        Assert.Contains("Mail:From", output);
        Assert.DoesNotContain("   at ", output);
    }
}
