using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Inspection;

/// <summary>The whole application on the inspection test matrix, with a fake clock at <see cref="Matrix.Now"/>.</summary>
public sealed class InspectionAppFactory : NmcAppFactory
{
    public InspectionAppFactory() : this("inspection-county")
    {
    }

    private InspectionAppFactory(string recipe) : base(StoreKind.Sqlite, TestPaths.Recipe(recipe))
    {
    }

    public static InspectionAppFactory ForRecipe(string recipe) => new(recipe);

    public new FakeTimeProvider Clock { get; } = new(new DateTimeOffset(Matrix.Now));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<InspectionRun> RunInspectionAsync()
    {
        await using var scope = TenantScope(null);
        return await scope.ServiceProvider.GetRequiredService<InspectionRunner>().RunAsync("测试", CancellationToken.None);
    }
}
