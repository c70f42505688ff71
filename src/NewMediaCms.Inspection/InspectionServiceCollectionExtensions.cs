using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Inspection.Export;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Inspection;

public static class InspectionServiceCollectionExtensions
{
    /// <summary>The inspection capability: rules engine, runs, rectifications, calendar, exports, the "inspectionSettings" recipe step.</summary>
    public static IServiceCollection AddInspection(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, InspectionStoreModel>();
        services.AddSingleton<RuleCatalog>();
        services.AddSingleton<InspectionEngine>();
        services.AddSingleton<CalendarProvider>();
        services.AddScoped<InspectionSettingsStore>();
        services.AddScoped<SnapshotBuilder>();
        services.AddScoped<InspectionRunner>();
        services.AddScoped<InspectionJob>();
        services.AddScoped<RectificationService>();
        services.AddScoped<RunExporter>();
        services.AddScoped<Reports.InspectionReports>();
        services.AddScoped<Reports.ManualFlags>();
        services.AddScoped<IRecipeStep, InspectionSettingsRecipeStep>();
        return services;
    }

    /// <summary>Run exports (CSV, Excel) for matrix roles; the pages live in the admin UI.</summary>
    public static IEndpointRouteBuilder MapInspection(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/inspection/runs/{id:long}").RequireAuthorization(p => p.RequireRole(Roles.Matrix.ToArray()));
        // Every export follows the dashboard's filter: the same query string (department, platform, status, rule).
        static ResultFilter Filter(HttpRequest q) => ResultFilter.Parse(q.Query["department"], q.Query["platform"], q.Query["status"], q.Query["rule"]);
        group.MapGet("/export.csv", async (long id, HttpRequest request, RunExporter exporter, CancellationToken ct) =>
        {
            if (await exporter.LoadAsync(id, Filter(request), ct) is not { } data)
            {
                return Results.NotFound();
            }
            return Results.File(RunExporter.Csv(data.Accounts, Zone(data.Run)), "text/csv; charset=utf-8", $"inspection-{id}.csv");
        });
        group.MapGet("/findings.csv", async (long id, HttpRequest request, RunExporter exporter, TenantRegistry registry, CancellationToken ct) =>
        {
            if (await exporter.LoadAsync(id, Filter(request), ct) is not { } data)
            {
                return Results.NotFound();
            }
            var departments = registry.All.ToDictionary(t => t.Id, t => t.DisplayName);
            return Results.File(RunExporter.FindingsCsv(data.Findings, departments), "text/csv; charset=utf-8", $"inspection-{id}-findings.csv");
        });
        group.MapGet("/export.xlsx", async (long id, HttpRequest request, RunExporter exporter, TenantRegistry registry, CancellationToken ct) =>
        {
            if (await exporter.LoadAsync(id, Filter(request), ct) is not { } data)
            {
                return Results.NotFound();
            }
            var departments = registry.All.ToDictionary(t => t.Id, t => t.DisplayName);
            return Results.File(RunExporter.Xlsx(data.Run, data.Accounts, data.Findings, departments, Zone(data.Run), data.Filter),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"inspection-{id}.xlsx");
        });
        return app;
    }

    /// <summary>The time zone the run was made in (from its settings snapshot; the default zone for an unknown one).</summary>
    public static TimeZoneInfo Zone(InspectionRun run)
    {
        try
        {
            return TenantClock.FindZone(InspectionSettings.FromJson(run.SettingsJson).TimeZoneId);
        }
        catch (System.Text.Json.JsonException)
        {
            return TenantClock.FindZone(TenantClock.DefaultZoneId);
        }
    }
}
