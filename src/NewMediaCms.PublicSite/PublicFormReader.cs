using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace NewMediaCms.PublicSite;

/// <summary>Why a public form post could not be read, or <see cref="None"/>.</summary>
public enum FormReadProblem
{
    None,
    TooLarge,
    TooManyFields,
}

/// <summary>
/// Reads a public form post within explicit limits and never throws for what a client sent. ASP.NET Core's own form
/// reader refuses a field holding "%00" (InvalidDataException, a 500 before this), so URL-encoded posts are decoded here
/// leniently (a NUL arrives as a character that the capability's validation then refuses with a message); multipart
/// posts go through the framework's reader with the same limits. The parsed form is set as the request's form, so the
/// antiforgery check reads the same values.
/// </summary>
public static class PublicFormReader
{
    public static async Task<(IFormCollection Form, FormReadProblem Problem)> ReadAsync(HttpRequest request, int maxBytes, int maxFields, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (FormCollection.Empty, FormReadProblem.None);
        }
        if (request.ContentLength > maxBytes)
        {
            return (FormCollection.Empty, FormReadProblem.TooLarge);
        }
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var form = await request.ReadFormAsync(new FormOptions
                {
                    ValueCountLimit = maxFields, KeyLengthLimit = 200, ValueLengthLimit = maxBytes, MultipartBodyLengthLimit = maxBytes, MultipartHeadersCountLimit = 16,
                }, ct);
                return (form, FormReadProblem.None);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (FormCollection.Empty, FormReadProblem.TooLarge);
            }
            catch (InvalidDataException)
            {
                return (FormCollection.Empty, FormReadProblem.TooManyFields);
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 64 * 1024));
        try
        {
            using var body = new MemoryStream();
            int read;
            try
            {
                while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    if (body.Length + read > maxBytes)
                    {
                        return (FormCollection.Empty, FormReadProblem.TooLarge);
                    }
                    body.Write(buffer, 0, read);
                }
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (FormCollection.Empty, FormReadProblem.TooLarge);
            }
            var text = System.Text.Encoding.ASCII.GetString(body.GetBuffer(), 0, (int)body.Length);
            var values = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
            var pairs = 0;
            foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                if (++pairs > maxFields)
                {
                    return (FormCollection.Empty, FormReadProblem.TooManyFields);
                }
                var eq = pair.IndexOf('=');
                var key = Decode(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
                values[key] = values.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
            }
            var parsed = new FormCollection(values);
            request.Form = parsed;
            return (parsed, FormReadProblem.None);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Percent-decoding as UTF-8; a malformed escape stays as typed, invalid UTF-8 becomes U+FFFD, never an exception.
    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
