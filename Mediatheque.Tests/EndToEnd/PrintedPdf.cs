using System.Diagnostics;
using Microsoft.Playwright;

namespace Mediatheque.Tests.EndToEnd;

/// <summary>
/// What a page prints: Chromium renders it to PDF with its print stylesheet (A4, as the user's « Imprimer »
/// does), then Debian's poppler-utils read it back (pdftotext, pdfinfo, pdftoppm) and zbar-tools decode its QR codes.
/// </summary>
public sealed class PrintedPdf : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mediatheque-print-").FullName;

    private PrintedPdf()
    {
    }

    private string PdfPath => Path.Combine(folder, "print.pdf");

    public static async Task<PrintedPdf> PrintAsync(IPage page)
    {
        var pdf = new PrintedPdf();
        await page.PdfAsync(new PagePdfOptions { Path = pdf.PdfPath, PreferCSSPageSize = true, PrintBackground = true });
        return pdf;
    }

    public async Task<int> PageCountAsync()
    {
        var info = await RunAsync("pdfinfo", PdfPath);
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The text of one page (1-based), or of the whole document, laid out as printed; French typography's
    /// no-break spaces read as spaces and curly apostrophes as straight ones, so tests compare words.
    /// </summary>
    public async Task<string> TextAsync(int? page = null)
    {
        var text = page is { } p
            ? await RunAsync("pdftotext", "-layout", "-f", $"{p}", "-l", $"{p}", PdfPath, "-")
            : await RunAsync("pdftotext", "-layout", PdfPath, "-");
        return Words(text);
    }

    /// <summary>
    /// The text printed inside one area of a page (1-based), in millimetres from the top left of the A4 sheet: one slip
    /// of a sheet of eight, read alone, as a person reads the card they cut out.
    /// </summary>
    public async Task<string> TextAsync(int page, double leftMm, double topMm, double widthMm, double heightMm)
    {
        // pdftotext crops in pixels at its resolution: 72 dpi, so 72 / 25.4 pixels a millimetre.
        static string Px(double mm) => ((int)Math.Round(mm * 72 / 25.4)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = await RunAsync("pdftotext", "-layout", "-f", $"{page}", "-l", $"{page}",
            "-x", Px(leftMm), "-y", Px(topMm), "-W", Px(widthMm), "-H", Px(heightMm), PdfPath, "-");
        return Words(text);
    }

    /// <summary>Every QR code printed on the page (1-based), decoded from a 300 dpi rendering (at 200 dpi zbar now and then missed one of eight).</summary>
    public async Task<IReadOnlyList<string>> QrCodesAsync(int page)
    {
        var image = Path.Combine(folder, $"page-{page}");
        await RunAsync("pdftoppm", "-r", "300", "-png", "-singlefile", "-f", $"{page}", "-l", $"{page}", PdfPath, image);
        var decoded = await RunAsync("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", image + ".png");
        return decoded.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>French typography's no-break spaces read as spaces and curly apostrophes as straight ones.</summary>
    private static string Words(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ').Replace('\u2019', '\'');

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // zbarimg answers 4 when it finds no code: the test's assertion says so better than an exception.
        if (process.ExitCode != 0 && !(tool == "zbarimg" && process.ExitCode == 4))
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
