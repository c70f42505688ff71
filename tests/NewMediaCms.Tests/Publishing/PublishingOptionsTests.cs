using NewMediaCms.Publishing;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Publishing;

/// <summary>A bad scheduling setting stops the start with a sentence naming it; it is never silently corrected.</summary>
public sealed class PublishingOptionsTests
{
    [Theory]
    [InlineData("Publishing:BatchSize", "0", "Publishing:BatchSize")]
    [InlineData("Publishing:BatchSize", "-5", "Publishing:BatchSize")]
    [InlineData("Publishing:SlotLead", "-00:00:01", "Publishing:SlotLead")]
    [InlineData("Publishing:ReconcileGrace", "01:00:00", "Publishing:ReconcileGrace")]
    public async Task A_bad_publishing_setting_is_a_start_up_error_that_names_it(string key, string value, string named)
    {
        // The real process: the host checks every ValidateOnStart option before it touches the store and stops with one line.
        var (exitCode, output) = await NewMediaCms.Tests.Store.StartupErrorTests.StartAsync(new() { [key.Replace(":", "__")] = value });
        Assert.Equal(1, exitCode);
        Assert.Contains("启动失败", output);
        Assert.Contains(named, output);
        Assert.Contains("应为", output);
    }

    [Fact]
    public void The_default_settings_are_valid()
        => Assert.True(new PublishingOptionsValidation().Validate(null, new PublishingOptions()).Succeeded);
}
