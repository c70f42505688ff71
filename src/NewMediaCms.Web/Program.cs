using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Authorization;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Inspection;
using NewMediaCms.Recipes;
using NewMediaCms.Tenancy;
using NewMediaCms.Themes;
using NewMediaCms.Web.Api;
using NewMediaCms.Web.PublicSite;
using NewMediaCms.Web.Security;
using NewMediaCms.Web.Setup;

var builder = WebApplication.CreateBuilder(args);
var contentRoot = builder.Environment.ContentRootPath;

builder.Services.AddStore(builder.Configuration, contentRoot);
builder.Services.AddTenancy();
builder.Services.AddAccounts();
builder.Services.AddContent();
builder.Services.AddInspection();
builder.Services.AddRecipes();
builder.Services.AddThemes(builder.Configuration["Themes:Path"] ?? AppPaths.Find(contentRoot, "themes"));
builder.Services.AddNmcIdentity(builder.Configuration, contentRoot);
builder.Services.AddOptions<SetupOptions>().Bind(builder.Configuration.GetSection(SetupOptions.Section));
builder.Services.AddScoped<SetupService>();
builder.Services.AddScoped<SiteModelBuilder>();
builder.Services.AddRazorPages();
builder.Services.AddProblemDetails();

var app = builder.Build();

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app, args);
}

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
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.MapPublicSite();
app.MapAdminApi();
app.MapInspection();
app.MapRazorPages();

try
{
    using var scope = app.Services.CreateScope();
    var credentials = await scope.ServiceProvider.GetRequiredService<SetupService>().InitializeAsync();
    app.Lifetime.ApplicationStarted.Register(() => FirstStartBanner.Print(app, credentials, contentRoot));
}
catch (StoreUnavailableException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
