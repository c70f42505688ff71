using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;

namespace NewMediaCms.Media.Checks;

public sealed record ProcessedImage(byte[] Original, int Width, int Height, IReadOnlyList<(int Width, byte[] Bytes)> Variants);

/// <summary>
/// Images through ImageSharp: the size is read from the header before anything is decoded (a small file that claims
/// 100 000 × 100 000 pixels is refused), then the image is turned upright, its metadata (EXIF with GPS location,
/// XMP, IPTC) dropped, re-encoded, and resized variants are made.
/// </summary>
public static class ImageProcessor
{
    public static (ProcessedImage? Image, string? Refusal) Process(byte[] bytes, MediaType type, string fileName, MediaOptions options)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(bytes);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or NotSupportedException or UnknownImageFormatException)
        {
            info = null;
        }
        if (info is null)
        {
            return (null, $"“{fileName}”看起来是 {type.Name.ToUpperInvariant()} 图片，但内容已损坏，无法读取。");
        }
        var pixels = (long)info.Width * info.Height;
        if (pixels > options.MaxImagePixels)
        {
            return (null, $"“{fileName}”的尺寸为 {info.Width}×{info.Height} 像素，超过上限 {options.MaxImagePixels / 1_000_000} 百万像素（这样的图片解码需要数 GB 内存，可能是“图片炸弹”）。请缩小后上传。");
        }
        try
        {
            using var image = Image.Load(bytes, out IImageFormat format);
            image.Mutate(x => x.AutoOrient());
            image.Metadata.ExifProfile = null;
            image.Metadata.XmpProfile = null;
            image.Metadata.IptcProfile = null;
            image.Metadata.IccProfile = null;
            foreach (var frame in image.Frames)
            {
                frame.Metadata.ExifProfile = null;
                frame.Metadata.XmpProfile = null;
                frame.Metadata.IptcProfile = null;
            }
            var encoder = Encoder(type, image);
            var original = Encode(image, encoder);
            var variants = new List<(int, byte[])>();
            foreach (var width in options.VariantWidths.Distinct().Order())
            {
                if (width >= image.Width)
                {
                    continue;
                }
                using var small = image.Clone(x => x.Resize(width, 0));
                variants.Add((width, Encode(small, encoder)));
            }
            return (new ProcessedImage(original, image.Width, image.Height, variants), null);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or NotSupportedException or UnknownImageFormatException)
        {
            return (null, $"“{fileName}”的图片内容已损坏，无法读取。");
        }
    }

    private static IImageEncoder Encoder(MediaType type, Image image) => type.Name switch
    {
        "jpeg" => new JpegEncoder { Quality = 88 },
        "png" => new PngEncoder(),
        "webp" => new WebpEncoder { Quality = 85 },
        _ => new SixLabors.ImageSharp.Formats.Gif.GifEncoder(),
    };

    private static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var ms = new MemoryStream();
        image.Save(ms, encoder);
        return ms.ToArray();
    }
}
