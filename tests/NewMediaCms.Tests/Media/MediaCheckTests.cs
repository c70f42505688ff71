using NewMediaCms.Media;
using NewMediaCms.Media.Checks;
using SixLabors.ImageSharp;

namespace NewMediaCms.Tests.Media;

/// <summary>The checks on an uploaded file: type by content, executables, SVG, image bombs, location data, names.</summary>
public sealed class MediaCheckTests
{
    private static readonly MediaOptions Options = new();

    [Fact]
    public void The_type_comes_from_the_content_not_from_the_name()
    {
        Assert.Equal("png", MediaTypes.Detect(TestFiles.Png(), "photo.jpg").Type!.Name);
        Assert.Equal("jpeg", MediaTypes.Detect(TestFiles.Jpeg(), "scan.pdf").Type!.Name);
        Assert.Equal("pdf", MediaTypes.Detect(TestFiles.Pdf(), "文件").Type!.Name);
        Assert.Equal("photo.png", MediaFileNames.Clean("photo.jpg", MediaTypes.Known["png"]));
    }

    [Fact]
    public void A_renamed_executable_is_refused_whatever_its_name()
    {
        foreach (var name in new[] { "通知.pdf", "photo.jpg", "readme.txt" })
        {
            var (type, refusal) = MediaTypes.Detect(TestFiles.WindowsExe(), name);
            Assert.Null(type);
            Assert.Equal($"“{name}”的内容是Windows 可执行程序，不能上传（文件类型按内容判断，与扩展名无关）。", refusal);
        }
        Assert.Contains("ELF", MediaTypes.Detect([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1], "a.png").Refusal);
        Assert.Contains("脚本", MediaTypes.Detect("#!/bin/sh\nrm -rf /"u8.ToArray(), "a.doc").Refusal);
    }

    [Fact]
    public void An_svg_with_script_is_refused_with_a_chinese_reason()
    {
        var (type, refusal) = MediaTypes.Detect(TestFiles.SvgWithScript(), "logo.png");
        Assert.Null(type);
        Assert.Contains("SVG", refusal);
        Assert.Contains("请导出为 PNG 或 JPEG", refusal);
    }

    [Fact]
    public void An_image_claiming_huge_dimensions_is_refused_from_its_header_before_decoding()
    {
        var bomb = TestFiles.PngBomb();
        Assert.True(bomb.Length < 100);
        Assert.Equal("png", MediaTypes.Detect(bomb, "bomb.png").Type!.Name);
        var (image, refusal) = ImageProcessor.Process(bomb, MediaTypes.Known["png"], "bomb.png", Options);
        Assert.Null(image);
        Assert.Equal("“bomb.png”的尺寸为 100000×100000 像素，超过上限 50 百万像素（这样的图片解码需要数 GB 内存，可能是“图片炸弹”）。请缩小后上传。", refusal);
    }

    [Fact]
    public void Gps_location_and_other_exif_data_are_stripped_and_variants_are_made()
    {
        var original = TestFiles.Jpeg(withGps: true);
        Assert.NotNull(Image.Identify(original).Metadata.ExifProfile?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitude));

        var (image, refusal) = ImageProcessor.Process(original, MediaTypes.Known["jpeg"], "现场.jpg", Options);

        Assert.Null(refusal);
        var stored = Image.Identify(image!.Original);
        Assert.Null(stored.Metadata.ExifProfile);
        Assert.Equal((1600, 900), (image.Width, image.Height));
        Assert.Equal([320, 1280], image.Variants.Select(v => v.Width));
        Assert.Equal(320, Image.Identify(image.Variants[0].Bytes).Width);
        Assert.Null(Image.Identify(image.Variants[1].Bytes).Metadata.ExifProfile);
    }

    [Fact]
    public void A_path_in_the_file_name_is_cut_off()
    {
        Assert.Equal("passwd.pdf", MediaFileNames.Clean("../../etc/passwd", MediaTypes.Known["pdf"]));
        Assert.Equal("通知.pdf", MediaFileNames.Clean(@"C:\Users\张三\桌面\通知.pdf"));
        Assert.Equal("htaccess.pdf", MediaFileNames.Clean("/var/www/.htaccess", MediaTypes.Known["pdf"]));
        Assert.Equal("未命名", MediaFileNames.Clean("../"));
        Assert.Equal("ab.pdf", MediaFileNames.Clean("a\u0000b\r\n.pdf"));
    }

    [Fact]
    public void Unknown_and_html_content_is_refused()
    {
        Assert.Contains("无法识别", MediaTypes.Detect("just some text"u8.ToArray(), "a.txt").Refusal);
        Assert.Contains("网页", MediaTypes.Detect("<!DOCTYPE html><html><script>x</script>"u8.ToArray(), "a.jpg").Refusal);
    }

    [Fact]
    public void Bad_media_settings_are_refused_at_start_up_with_their_names()
    {
        var result = new MediaOptionsValidation().Validate(null, new MediaOptions { AllowedTypes = ["pdf", "svg", "exe"], MaxImagePixels = 10 });
        Assert.True(result.Failed);
        Assert.Contains("Media:AllowedTypes 含未知类型 svg、exe", result.FailureMessage);
        Assert.Contains("Media:MaxImagePixels", result.FailureMessage);
        Assert.True(new MediaOptionsValidation().Validate(null, new MediaOptions()).Succeeded);
    }
}
