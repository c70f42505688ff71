using System.Text;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Distribution;

/// <summary>The matrix's adoption figures per department for a period: by submission date, local days of the main account, both ends included.</summary>
public sealed class AdoptionFigureTests : IAsyncLifetime
{
    // Beijing time is UTC+8: local midnight of 1 December 2026 is 16:00 UTC on 30 November.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 1, 2, 0, 0, TimeSpan.Zero));
    private NmcAppFactory _app = null!;
    private SubmissionDriver _desk = null!;

    public Task InitializeAsync()
    {
        _app = NmcAppFactory.Create(recipe: TestPaths.Recipe("submission-county"));
        _app.Clock = _clock;
        _desk = new SubmissionDriver(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> SubmitAtAsync(DateTimeOffset utc, string itemId)
    {
        _clock.SetUtcNow(utc);
        var result = await _desk.SubmitAsync(itemId);
        Assert.True(result.Ok, result.Message);
        return result.SubmissionId!.Value;
    }

    [Fact]
    public async Task A_period_counts_what_was_submitted_from_its_first_local_midnight_to_the_last_second_of_its_last_day()
    {
        var items = new List<string>();
        foreach (var title in new[] { "十一月最后一秒报送", "十二月第一秒报送", "十二月最后一秒报送", "一月第一秒报送" })
        {
            items.Add(await _desk.ApprovedAsync(title));
        }
        await SubmitAtAsync(new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero), items[0]);
        await SubmitAtAsync(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), items[1]);
        var adopted = await SubmitAtAsync(new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero), items[2]);
        var copy = await _desk.AdoptAsync(adopted);
        Assert.True(copy.Ok, copy.Message);
        await _desk.PublishCopyAsync(copy.ItemId!);
        var returned = await SubmitAtAsync(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), items[3]);
        Assert.True((await _desk.ReturnAsync(returned, "不属于本期重点，暂不采用。")).Ok);

        var december = await _desk.FiguresAsync(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31));
        var november = await _desk.FiguresAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        var newYear = await _desk.FiguresAsync(new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1));

        var town = december.Rows.Single(r => r.TenantId == "town");
        Assert.Equal((2, 1, 0, 1), (town.Submitted, town.Adopted, town.Returned, town.Pending));
        Assert.Equal(0.5, town.Rate);
        Assert.Equal((1, 0, 0, 1), Figures(november.Rows.Single(r => r.TenantId == "town")));
        Assert.Equal((1, 0, 1, 0), Figures(newYear.Rows.Single(r => r.TenantId == "town")));
        // Every department that can submit has a row (the main account's department has none); others submitted nothing.
        Assert.DoesNotContain(december.Rows, r => r.TenantId == "portal");
        Assert.Equal((0, 0, 0, 0), Figures(december.Rows.Single(r => r.TenantId == "gaj")));
        Assert.Equal("—", december.Rows.Single(r => r.TenantId == "gaj").RateText);
        Assert.Equal((2, 1, 0, 1), Figures(december.Total));

        var csv = Encoding.UTF8.GetString(SubmissionQueries.Csv(december));
        Assert.StartsWith("\uFEFF部门,部门代码,报送,采用,退回,待处理,采用率", csv);
        Assert.Contains("测试县青山镇人民政府,town,2,1,0,1,50.0%", csv);
        Assert.Contains("合计,,2,1,0,1,50.0%", csv);
    }

    private static (int, int, int, int) Figures(AdoptionCount c) => (c.Submitted, c.Adopted, c.Returned, c.Pending);
}
