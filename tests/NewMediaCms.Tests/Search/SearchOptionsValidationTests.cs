using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewMediaCms.Search;

namespace NewMediaCms.Tests.Search;

/// <summary>A wrong search setting stops the application at start with a Chinese message naming the setting.</summary>
public sealed class SearchOptionsValidationTests
{
    private static async Task<string?> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSearch(builder.Configuration);
        // Only the validation is under test: the search's start-up service needs the store, which is not here.
        var startup = builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "SearchIndexStartup");
        builder.Services.Remove(startup);
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
    }

    private static Dictionary<string, string?> Elasticsearch(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Search:Provider"] = "Elasticsearch",
            ["Search:Elasticsearch:Nodes:0"] = "https://es1:9200",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task The_defaults_and_a_complete_elasticsearch_setting_start()
    {
        Assert.Null(await StartAsync([]));
        Assert.Null(await StartAsync(Elasticsearch(("Search:Elasticsearch:IndexPrefix", "county-2_a"))));
    }

    [Theory]
    [InlineData("Search:BatchSize", "0", "Search:BatchSize")]
    [InlineData("Search:BatchSize", "5001", "Search:BatchSize")]
    [InlineData("Search:Elasticsearch:Nodes:0", "es1:9200", "Search:Elasticsearch:Nodes")]
    [InlineData("Search:Elasticsearch:Nodes:1", "ftp://es2", "Search:Elasticsearch:Nodes")]
    [InlineData("Search:Elasticsearch:RequestTimeoutSeconds", "0", "Search:Elasticsearch:RequestTimeoutSeconds")]
    [InlineData("Search:Elasticsearch:PingTimeoutSeconds", "-1", "Search:Elasticsearch:PingTimeoutSeconds")]
    [InlineData("Search:Elasticsearch:MaxRetries", "-1", "Search:Elasticsearch:MaxRetries")]
    [InlineData("Search:Elasticsearch:IndexPrefix", "County", "Search:Elasticsearch:IndexPrefix")]
    [InlineData("Search:Elasticsearch:IndexPrefix", "", "Search:Elasticsearch:IndexPrefix")]
    public async Task A_wrong_setting_stops_the_start_with_a_message_naming_it(string key, string value, string named)
    {
        var message = await StartAsync(Elasticsearch((key, value)));

        Assert.NotNull(message);
        Assert.Contains(named, message);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", message);
    }

    [Fact]
    public async Task Elasticsearch_without_nodes_stops_the_start_naming_the_setting_and_its_environment_variable()
    {
        var message = await StartAsync(new Dictionary<string, string?> { ["Search:Provider"] = "Elasticsearch" });

        Assert.NotNull(message);
        Assert.Contains("Search:Elasticsearch:Nodes", message);
        Assert.Contains("Search__Elasticsearch__Nodes__0", message);
    }

    [Fact]
    public async Task Elasticsearch_settings_are_not_checked_while_the_embedded_engine_is_used()
    {
        Assert.Null(await StartAsync(new Dictionary<string, string?> { ["Search:Elasticsearch:MaxRetries"] = "-1" }));
    }
}
