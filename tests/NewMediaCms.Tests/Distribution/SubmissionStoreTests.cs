using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Distribution;

/// <summary>信息报送 on both stores: the partial unique index keeps one open submission of a version per desk, also when two people click at once.</summary>
public sealed class SubmissionStoreTests
{
    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task Two_simultaneous_submissions_of_one_version_leave_exactly_one_open(StoreKind store)
    {
        await using var app = NmcAppFactory.Create(store, TestPaths.Recipe("submission-county"));
        var desk = new SubmissionDriver(app);
        var itemId = await desk.ApprovedAsync("青山镇并发报送稿件");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => desk.SubmitAsync(itemId))));

        Assert.Single(results, r => r.Ok);
        Assert.All(results.Where(r => !r.Ok), r => Assert.Contains("不能重复报送", r.Message));
        var sent = Assert.Single(await desk.SentAsync(), s => s.SourceItemId == itemId);
        // The index holds only open ones: after a return the version goes again, and is adopted on this store too.
        Assert.True((await desk.ReturnAsync(sent.Id, "请补充现场照片。")).Ok);
        var again = await desk.SubmitAsync(itemId);
        Assert.True(again.Ok, again.Message);
        var adopted = await desk.AdoptAsync(again.SubmissionId!.Value);
        Assert.True(adopted.Ok, adopted.Message);
        await desk.PublishCopyAsync(adopted.ItemId!);
        Assert.Equal(SubmissionState.Adopted, (await desk.FindAsync(again.SubmissionId.Value))!.State);
    }
}
