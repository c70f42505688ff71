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
        await using var app = NmcAppFactory.Create();
        app.Settings[key] = value;
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains(named, messages);
        Assert.Contains("应为", messages);
    }

    [Fact]
    public void The_default_settings_are_valid()
        => Assert.True(new PublishingOptionsValidation().Validate(null, new PublishingOptions()).Succeeded);

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
