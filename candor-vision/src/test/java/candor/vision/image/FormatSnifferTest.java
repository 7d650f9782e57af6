package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatSnifferTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void recognises_supported_formats_by_their_magic_bytes() {
    assertThat(FormatSniffer.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0})).contains(ImageFormat.JPEG);
    assertThat(FormatSniffer.sniff(TestImages.resource("/malformed/rgb16.png"))).contains(ImageFormat.PNG);
    assertThat(FormatSniffer.sniff(ascii("GIF87a...."))).contains(ImageFormat.GIF);
    assertThat(FormatSniffer.sniff(ascii("GIF89a...."))).contains(ImageFormat.GIF);
    assertThat(FormatSniffer.sniff(ascii("RIFF\0\0\0\0WEBPVP8 "))).contains(ImageFormat.WEBP);
    assertThat(FormatSniffer.sniff(ascii("BM\0\0\0\0"))).contains(ImageFormat.BMP);
  }

  @Test
  void recognises_nothing_in_short_or_foreign_bytes() {
    assertThat(FormatSniffer.sniff(new byte[0])).isEmpty();
    assertThat(FormatSniffer.sniff(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
    assertThat(FormatSniffer.sniff(ascii("RIFF\0\0\0\0WAVEfmt "))).isEmpty();
    assertThat(FormatSniffer.sniff(ascii("GIF90a"))).isEmpty();
    assertThat(FormatSniffer.unsupportedName(ascii("<html>"))).isEmpty();
  }

  @Test
  void names_well_known_unsupported_formats() {
    assertThat(FormatSniffer.unsupportedName(ascii("II*\0...."))).contains("tiff");
    assertThat(FormatSniffer.unsupportedName(ascii("MM\0*...."))).contains("tiff");
    assertThat(FormatSniffer.unsupportedName(ascii("\0\0\0\u0018ftypheic\0\0\0\0"))).contains("heif");
    assertThat(FormatSniffer.unsupportedName(ascii("\0\0\0\u001cftypavif\0\0\0\0"))).contains("avif");
    assertThat(FormatSniffer.unsupportedName(ascii("\0\0\0\u0018ftypisom\0\0\0\0"))).isEmpty();
    assertThat(FormatSniffer.unsupportedName(ascii("%PDF-1.7"))).contains("pdf");
    assertThat(FormatSniffer.unsupportedName(new byte[] {(byte) 0xff, 0x4f, (byte) 0xff, 0x51})).contains("jpeg 2000");
    assertThat(FormatSniffer.unsupportedName(new byte[] {(byte) 0xff, 0x0a, 0, 0})).contains("jpeg xl");
  }
}
