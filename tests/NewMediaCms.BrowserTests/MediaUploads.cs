using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests;

/// <summary>
/// The editor's media tools as a person uses them (page object for journeys): open the picker, upload a file through it
/// (the upload runs in chunks with a progress bar), insert it into the body or set it as an attachment/cover field.
/// </summary>
public sealed class MediaUploads(IPage page)
{
    /// <summary>Uploads through the "插入图片或附件" dialog; the file is inserted into the Markdown body.</summary>
    public async Task InsertIntoBodyAsync(string fileName, string mimeType, byte[] bytes)
    {
        var before = await page.Locator("#Markdown").InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "插入图片或附件" }).ClickAsync();
        await Assertions.Expect(page.Locator("#media-picker")).ToBeVisibleAsync();
        await page.Locator("#media-picker [data-media-file]").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = bytes });
        await Assertions.Expect(page.Locator("#media-picker")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#Markdown")).Not.ToHaveValueAsync(before);
    }

    /// <summary>Uploads through the picker opened from a field's "从媒体库选择或上传" button (attachment or cover).</summary>
    public async Task SetFieldAsync(string fieldName, string fileName, string mimeType, byte[] bytes)
    {
        await page.Locator($"[data-media-open='field-{fieldName}']").ClickAsync();
        await page.Locator("#media-picker [data-media-file]").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = bytes });
        await Assertions.Expect(page.Locator("#media-picker")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator($"#field-{fieldName}")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/media/"));
    }

    /// <summary>Drops a file onto the Markdown textarea, as dragging it from the desktop does.</summary>
    public async Task DropOnBodyAsync(string fileName, string mimeType, byte[] bytes)
    {
        await page.EvaluateAsync(@"([name, type, b64]) => {
            const bin = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bin], name, { type }));
            const target = document.getElementById('Markdown');
            target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
            target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }", new object[] { fileName, mimeType, Convert.ToBase64String(bytes) });
        await Assertions.Expect(page.Locator("#media-bar [data-media-progress] span")).ToHaveTextAsync("已上传 " + fileName);
    }

    /// <summary>The message shown next to the upload bar (a refused file).</summary>
    public ILocator Error => page.Locator("#media-bar [data-media-error]");
}
