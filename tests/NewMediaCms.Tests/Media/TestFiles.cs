using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace NewMediaCms.Tests.Media;

/// <summary>Small files made in the test: real images (ImageSharp), a PDF, an executable, an SVG with script, a PNG header claiming huge dimensions.</summary>
public static class TestFiles
{
    public static byte[] Jpeg(int width = 1600, int height = 900, bool withGps = false)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(30, 120, 200));
        if (withGps)
        {
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            exif.SetValue(ExifTag.GPSLatitude, new[] { new Rational(39, 1), new Rational(54, 1), new Rational(2700, 100) });
            exif.SetValue(ExifTag.GPSLongitudeRef, "E");
            exif.SetValue(ExifTag.GPSLongitude, new[] { new Rational(116, 1), new Rational(23, 1), new Rational(1700, 100) });
            exif.SetValue(ExifTag.Make, "TestCam");
            image.Metadata.ExifProfile = exif;
        }
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        return ms.ToArray();
    }

    public static byte[] Png(int width = 400, int height = 300)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(200, 40, 40, 255));
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    public static byte[] Pdf()
        => System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static byte[] WindowsExe()
    {
        var b = new byte[1024];
        b[0] = (byte)'M';
        b[1] = (byte)'Z';
        "This program cannot be run in DOS mode"u8.CopyTo(b.AsSpan(78));
        return b;
    }

    public static byte[] SvgWithScript()
        => System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(document.cookie)</script><rect width=\"10\" height=\"10\"/></svg>");

    /// <summary>A valid PNG signature and IHDR claiming <paramref name="width"/> × <paramref name="height"/>, then one tiny IDAT and IEND: a few bytes that would decode to gigabytes.</summary>
    public static byte[] PngBomb(int width = 100_000, int height = 100_000)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        Chunk(ms, "IHDR", ihdr);
        Chunk(ms, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>A stream that delivers <paramref name="data"/> up to <paramref name="failAfter"/> bytes, then throws as a dropped connection does.</summary>
    public sealed class DroppingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAfter)
            {
                throw new IOException("connection reset");
            }
            return base.Read(buffer, offset, (int)Math.Min(count, failAfter - Position));
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            await Task.Yield();
            if (Position >= failAfter)
            {
                throw new IOException("connection reset");
            }
            return base.Read(buffer.Span[..(int)Math.Min(buffer.Length, failAfter - Position)]);
        }
    }
}
