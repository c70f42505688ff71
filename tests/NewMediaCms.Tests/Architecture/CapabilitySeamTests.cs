using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Architecture;

/// <summary>
/// The capability walls of docs/architecture.md, kept by tests: page models and endpoints call services, never the
/// store; a capability reads another's tables only through the ports listed here as exceptions (the lists shrink,
/// never grow); every domain event has a handler.
/// </summary>
public sealed partial class CapabilitySeamTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    /// <summary>Page models and endpoint handlers that may still take <see cref="NmcDbContext"/>: none.</summary>
    private static readonly HashSet<string> StoreAllowedHandlers = [];

    /// <summary>
    /// Files under src/ that still call <c>Set&lt;T&gt;()</c> on another capability's entity, with the number of such
    /// calls. A new cross call, or one more in a listed file, fails the test; removing one asks to lower the number.
    /// </summary>
    private static readonly Dictionary<string, int> CrossStoreAllowed = new()
    {
        // The department's work list and the recycle bin: one query that joins the review rows with the latest versions
        // (paged in SQL); a port returning versions would page in memory.
        ["NewMediaCms.Editorial/EditorialQueries.cs"] = 2,
        // NM-D13 evidence for the inspection: set-based over every version of the matrix, in the same SQL as ReviewChainSql.
        ["NewMediaCms.Editorial/ReviewChainEvidence.cs"] = 2,
    };

    public static IEnumerable<Assembly> NmcAssemblies()
    {
        _ = typeof(Program).Assembly; // loads the host and, through it, every capability
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "NewMediaCms.*.dll"))
        {
            var name = AssemblyName.GetAssemblyName(file);
            if (name.Name is { } n && !n.StartsWith("NewMediaCms.Tests", StringComparison.Ordinal) && !n.StartsWith("NewMediaCms.Migrations", StringComparison.Ordinal))
            {
                yield return Assembly.Load(name);
            }
        }
    }

    [Fact]
    public void Every_domain_event_type_has_a_handler()
    {
        var events = NmcAssemblies().SelectMany(a => a.GetTypes())
            .Where(t => typeof(IDomainEvent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToList();
        Assert.NotEmpty(events);
        using var scope = app.Services.CreateScope();
        var unhandled = events
            .Where(e => !NmcDbContext.HandlerTypes(e).Any(h => scope.ServiceProvider.GetServices(h).Any()))
            .Select(e => e.FullName)
            .ToList();
        Assert.True(unhandled.Count == 0, "没有处理者的领域事件：" + string.Join(", ", unhandled));
    }

    [Fact]
    public void Page_models_and_endpoints_do_not_take_the_store()
    {
        var offenders = new List<string>();
        foreach (var type in NmcAssemblies().SelectMany(a => a.GetTypes()).Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract))
        {
            var takesStore = type.GetConstructors().Any(c => c.GetParameters().Any(TakesStore))
                || type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                    .Where(m => m.Name.StartsWith("On", StringComparison.Ordinal))
                    .Any(m => m.GetParameters().Any(TakesStore));
            if (takesStore && !StoreAllowedHandlers.Contains(type.FullName!))
            {
                offenders.Add(type.FullName!);
            }
        }

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler && handler.GetParameters().Any(TakesStore))
            {
                var name = handler.DeclaringType?.FullName + " " + endpoint.RoutePattern.RawText;
                if (!StoreAllowedHandlers.Contains(name))
                {
                    offenders.Add(name);
                }
            }
        }
        // Views too: a Razor page can inject the store without a page model.
        foreach (var view in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src"), "*.cshtml", SearchOption.AllDirectories))
        {
            if (File.ReadLines(view).Any(l => l.TrimStart().StartsWith("@inject", StringComparison.Ordinal) && l.Contains("NmcDbContext", StringComparison.Ordinal)))
            {
                offenders.Add(Path.GetRelativePath(TestPaths.RepoRoot, view));
            }
        }
        Assert.True(offenders.Count == 0, "页面模型或端点直接使用了数据存储（应调用能力的服务）：\n" + string.Join("\n", offenders.Distinct()));
    }

    private static bool TakesStore(ParameterInfo p) => p.ParameterType == typeof(NmcDbContext);

    [Fact]
    public void A_capability_reads_another_capabilitys_tables_only_through_its_ports()
    {
        // Owner of every type by simple name: the assembly that declares it (Core's shared tables, such as settings, count as Core's).
        var owners = NmcAssemblies().SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsNested)
            .GroupBy(t => t.Name)
            .ToDictionary(g => g.Key, g => g.Select(t => t.Assembly.GetName().Name!).Distinct().ToList());
        var src = Path.Combine(TestPaths.RepoRoot, "src");
        var found = new Dictionary<string, int>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            var project = relative.Split('/')[0];
            if (project.StartsWith("NewMediaCms.Migrations", StringComparison.Ordinal) || relative.Contains("/obj/") || relative.Contains("/bin/"))
            {
                continue;
            }
            foreach (Match m in SetCall().Matches(File.ReadAllText(file)))
            {
                if (owners.TryGetValue(m.Groups[1].Value, out var owner) && owner.Count == 1 && owner[0] != project)
                {
                    found[relative] = found.GetValueOrDefault(relative) + 1;
                }
            }
        }

        var grown = found.Where(f => f.Value > CrossStoreAllowed.GetValueOrDefault(f.Key)).Select(f => $"{f.Key}: {f.Value}").ToList();
        Assert.True(grown.Count == 0, "跨能力直接读写他人数据表（应通过所有者的服务或端口）：\n" + string.Join("\n", grown));
        var shrunk = CrossStoreAllowed.Where(a => found.GetValueOrDefault(a.Key) < a.Value).Select(a => $"{a.Key}: {found.GetValueOrDefault(a.Key)}").ToList();
        Assert.True(shrunk.Count == 0, "例外清单可以缩小了，请改为：\n" + string.Join("\n", shrunk));
    }

    [GeneratedRegex(@"Set<([A-Za-z]+)>\(\)")]
    private static partial Regex SetCall();
}
