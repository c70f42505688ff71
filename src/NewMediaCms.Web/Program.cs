using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Authorization;
using NewMediaCms.Accounts;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Jobs;
using NewMediaCms.Publishing;
using NewMediaCms.PublicSite;
using NewMediaCms.Editorial;
using NewMediaCms.Inspection;
using NewMediaCms.Interaction;
using NewMediaCms.Recipes;
using NewMediaCms.Search;
using NewMediaCms.Tenancy;
using NewMediaCms.Themes;
using NewMediaCms.Users;
using NewMediaCms.Users.Sessions;
using NewMediaCms.Media;
using NewMediaCms.Notifications;
using NewMediaCms.Safety;
using NewMediaCms.Monitoring;
using NewMediaCms.Distribution;
using NewMediaCms.Web.Api;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;
using NewMediaCms.Web.Setup;

// Switches go to the configuration, the other words are the command (a switch may stand before the command).
var commandLine = CommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(commandLine.Configuration);
var contentRoot = builder.Environment.ContentRootPath;

builder.Services.AddStore(builder.Configuration, contentRoot);
builder.Services.AddTenancy();
builder.Services.AddAccounts();
builder.Services.AddContent();
builder.Services.AddAudit(builder.Configuration, contentRoot);
builder.Services.AddEditorial();
builder.Services.AddEditorialDesk();
builder.Services.AddInspection();
builder.Services.AddInteraction();
builder.Services.AddRecipes();
builder.Services.AddJobs(builder.Configuration, contentRoot);
builder.Services.AddSearch(builder.Configuration);
// Recurring jobs, all declared here (ids are stable: they name the job in Hangfire's storage).
builder.Services.AddRecurringJob<NewMediaCms.Search.Outbox.SearchOutboxJob>("search-outbox", "* * * * *", "把检索发件箱写入检索引擎", runAtStartup: true);
builder.Services.AddRecurringJob<NewMediaCms.Monitoring.PageMonitorJob>("page-monitor", "* * * * *", "页面监测：封签比对、可用性探测、链接检查（间隔见监测设置）");
builder.Services.AddRecurringJob<NewMediaCms.Inspection.Runs.InspectionJob>("inspection-daily", "30 18 * * *", "每日全矩阵检查（北京时间 02:30）");
builder.Services.AddRecurringJob<NewMediaCms.Safety.Scan.PublishedSafetyScan>("safety-scan", "0 18 * * *", "检查全部已发布内容的错敏词和个人信息（北京时间 02:00，检查前）");
builder.Services.AddRecurringJob<AuditCheckpointJob>(AuditCheckpointJob.JobId, "*/5 * * * *", "把审计日志链头写入外部检查点文件（每 5 分钟，另每满 Audit:CheckpointEvery 条一次）", runAtStartup: true);
builder.Services.AddRecurringJob<NewMediaCms.Media.UploadSweep>("media-upload-sweep", "17 * * * *", "清理超过保留期仍未完成的分片上传（每小时）");
builder.Services.AddPublishing(builder.Configuration);
builder.Services.AddThemes(builder.Configuration, () => AppPaths.Find(contentRoot, "themes"));
builder.Services.AddUsers();
builder.Services.AddAdminSecurity(builder.Configuration, contentRoot);
builder.Services.AddSecurityHeaders(builder.Configuration);
builder.Services.AddSetup(builder.Configuration);
builder.Services.AddPublicSite(builder.Configuration);
builder.Services.AddMedia(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddSafety();
builder.Services.AddMonitoring();
builder.Services.AddDistribution();
builder.Services.AddClientAddress(builder.Configuration);
builder.Services.AddNmcRateLimiting(builder.Configuration);
// The sign-in POST is throttled per client (the policy lets the GET of the form through).
builder.Services.AddRazorPages(o => o.Conventions.AddPageApplicationModelConvention("/Admin/Login",
    page => page.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(RateLimits.SignIn))));
// Chinese stays Chinese in the HTML (the default encoder writes every CJK character as an entity).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddProblemDetails();
// Every bad request body (malformed JSON, wrong type, no body) throws, in every environment, so that the one exception
// handler answers it with a Chinese ProblemDetails (RequestErrors) instead of an empty 400 in Production.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

var app = builder.Build();

try
{
    // Options checked at start (ValidateOnStart) are checked here, before a command runs or the store is touched.
    app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
    if (commandLine.IsCommand)
    {
        // A command runs instead of the web server, and never runs the first-start recipe.
        return await CommandLine.RunAsync(app, commandLine.Command);
    }
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } problem)
{
    Console.Error.WriteLine("启动失败：" + problem);
    return 1;
}

// First: the client address and scheme from a trusted reverse proxy (none by default) before anything reads them.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseResponseCompression();
app.UseExceptionHandler(error => error.Run(PublicErrorPage.WriteAsync));
app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode == StatusCodes.Status404NotFound
    ? PublicSiteEndpoints.WriteNotFoundAsync(context.HttpContext)
    : Task.CompletedTask);
app.UseStaticFiles();
app.UseStaticFiles(new StaticFileOptions
{
    RequestPath = "/themes",
    FileProvider = new ThemeAssetsFileProvider(app.Services.GetRequiredService<ThemeRenderer>().Root),
});
app.UseTenantResolution();
app.UseRouting();
// Before authentication: a cached public page needs no sign-in work (the policy bypasses the cache for any request
// carrying the sign-in cookie or an Authorization header).
app.UseOutputCache();
app.UseAuthentication();
app.UseSessionRestrictions();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.MapCspReports();
app.MapPublicSite(new PublicRateLimits(RateLimits.PublicForm, RateLimits.PublicLookup, RateLimits.Search));
app.MapAdminApi();
app.MapContentApi();
app.MapSafetyApi();
app.MapAuditApi();
app.MapSubmissionApi();
app.MapSecurityApi();
app.MapInspection();
app.MapMedia(TenantPolicies.ReadDepartment, TenantPolicies.EditDepartment);
app.MapRazorPages();
app.MapJobsDashboard();

try
{
    using var scope = app.Services.CreateScope();
    var credentials = await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
    app.Lifetime.ApplicationStarted.Register(() => FirstStartBanner.Print(app, credentials, contentRoot));
}
catch (Exception ex) when (StartupErrors.Describe(ex) is { } problem)
{
    // A start-up problem the operator can fix: say which setting, without a stack trace.
    Console.Error.WriteLine("启动失败：" + problem);
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
