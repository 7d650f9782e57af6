package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import candor.vision.DecodedImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file of {@code src/test/resources/malformed} (see its README.md) through the loader:
 * each must decode to the expected size and colours or fail with the exact expected message.
 */
class ImageLoaderCorpusTest {
  private static final String SUPPORTED = "(supported: jpeg, png, gif, bmp, webp)";
  // Only a hang guard: each file takes milliseconds, but the first one also loads ImageIO and Java2D
  // on a busy two-core machine.
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private static final int RED = 0xff0000;
  private static final int GREEN = 0x00ff00;
  private static final int BLUE = 0x0000ff;
  private static final int WHITE = 0xffffff;
  private static final int GREY = 0x808080;

  private final ImageLoader loader = new ImageLoader(ImageLimits.defaults());

  /** A colour expected at (x, y) of the upright pixels, within {@code tolerance} per channel. */
  record Probe(int x, int y, int rgb, int tolerance) {}

  /** What loading one corpus file must give. */
  sealed interface Expected permits Decodes, Fails {}

  record Decodes(int width, int height, String format, List<Probe> probes) implements Expected {}

  record Fails(Class<? extends RuntimeException> type, String message) implements Expected {}

  record Case(String file, Expected expected) {
    @Override
    public String toString() {
      return file;
    }
  }

  /** The 64x48 quadrant picture: red, green / blue, white. */
  private static List<Probe> quadrants(int tolerance) {
    return List.of(
        new Probe(16, 12, RED, tolerance),
        new Probe(48, 12, GREEN, tolerance),
        new Probe(16, 36, BLUE, tolerance),
        new Probe(48, 36, WHITE, tolerance));
  }

  /** The 64x48 grey marker picture, upright: red 16x16 block at (markerX, markerY), grey elsewhere. */
  private static List<Probe> marker(int width, int height, int markerX, int markerY, int tolerance) {
    return List.of(
        new Probe(markerX + 8, markerY + 8, RED, tolerance),
        new Probe(width - 1 - markerX - 8, height - 1 - markerY - 8, GREY, tolerance));
  }

  private static Decodes decodes(int width, int height, String format, List<Probe> probes) {
    return new Decodes(width, height, format, probes);
  }

  private static Fails unreadable(String message) {
    return new Fails(UnreadableImageException.class, message);
  }

  private static Fails tooLarge(String message) {
    return new Fails(ImageTooLargeException.class, message);
  }

  static List<Case> corpus() {
    return List.of(
        // --- refused before decoding ---
        new Case("empty.jpg", unreadable("empty.jpg: empty file (0 bytes)")),
        new Case("text.jpg", unreadable("text.jpg: not a supported image (first bytes 48 65 6c 6c)")),
        new Case("not-a-jpeg.jpg", unreadable("not-a-jpeg.jpg: tiff is not a supported image format " + SUPPORTED)),
        new Case("truncated-header.jpg",
            unreadable("truncated-header.jpg: truncated jpeg (the file ends before its image data)")),
        new Case("truncated-after-sos.jpg",
            unreadable("truncated-after-sos.jpg: truncated jpeg (the file ends before its image data)")),
        new Case("zero-width.jpg", unreadable("zero-width.jpg: jpeg header declares an empty 0x1 image")),
        new Case("garbage-after-signature.png",
            unreadable("garbage-after-signature.png: unreadable png header "
                + "(I/O error reading PNG header!: Bad length for IHDR chunk!)")),
        new Case("bomb.png", tooLarge("bomb.png: 30000x30000 pixels exceeds the limit of 50000000 pixels")),
        new Case("long-side.png",
            tooLarge("long-side.png: 25000x16 pixels exceeds the limit of 20000 pixels per side")),
        // --- fails while decoding ---
        new Case("truncated-half.png",
            unreadable("truncated-half.png: unreadable png data "
                + "(Error reading PNG image data: Unexpected end of ZLIB input stream)")),
        new Case("webp-reads-past-end.webp",
            unreadable("webp-reads-past-end.webp: unreadable webp data "
                + "(the decoder kept reading past the end of the data)")),
        // --- decodes ---
        // Cut in its scan data: the top decodes, the rest is the decoder's uniform grey.
        new Case("truncated-half.jpg",
            decodes(320, 240, "jpeg", List.of(new Probe(319, 239, GREY, 2)))),
        new Case("rgb.jpg", decodes(64, 48, "jpeg", quadrants(8))),
        new Case("progressive.jpg", decodes(64, 48, "jpeg", quadrants(8))),
        // No ICC profile, so TwelveMonkeys uses a rough CMYK conversion: hues, not exact values.
        new Case("cmyk.jpg", decodes(64, 48, "jpeg", quadrants(60))),
        // Rec. 709 luma, as ImageMagick wrote it: red 54, green 182, blue 18, white 255.
        new Case("grey.jpg", decodes(64, 48, "jpeg", List.of(
            new Probe(16, 12, 0x363636, 4), new Probe(48, 12, 0xb6b6b6, 4),
            new Probe(16, 36, 0x121212, 4), new Probe(48, 36, WHITE, 4)))),
        new Case("one-pixel.jpg", decodes(1, 1, "jpeg", List.of(new Probe(0, 0, GREEN, 4)))),
        new Case("rgb16.png", decodes(64, 48, "png", quadrants(0))),
        new Case("palette.png", decodes(64, 48, "png", quadrants(0))),
        // Left: opaque 25 % grey, which must not be brightened as linear light. Right: 50 % black on white.
        new Case("grey-alpha.png", decodes(64, 48, "png", List.of(
            new Probe(16, 24, 0x404040, 1), new Probe(48, 24, 0x808080, 1)))),
        new Case("grey-alpha16.png", decodes(64, 48, "png", List.of(
            new Probe(16, 24, 0x404040, 1), new Probe(48, 24, 0x808080, 1)))),
        new Case("rgba.png", decodes(64, 48, "png", List.of(
            new Probe(16, 24, RED, 0), new Probe(48, 24, WHITE, 0)))),
        new Case("one-pixel.png", decodes(1, 1, "png", List.of(new Probe(0, 0, GREEN, 0)))),
        new Case("image.bmp", decodes(64, 48, "bmp", quadrants(0))),
        new Case("lossless.webp", decodes(64, 48, "webp", quadrants(0))),
        new Case("lossy.webp", decodes(64, 48, "webp", quadrants(12))),
        // First frame red, second blue.
        new Case("animated.gif", decodes(64, 48, "gif", List.of(
            new Probe(0, 0, RED, 0), new Probe(63, 47, RED, 0)))),
        // Stored 64x48 with the red block top-left; upright 48x64.
        new Case("exif-6.jpg", decodes(48, 64, "jpeg", marker(48, 64, 32, 0, 24))),
        new Case("exif-8.jpg", decodes(48, 64, "jpeg", marker(48, 64, 0, 48, 24))),
        new Case("exif-6.png", decodes(48, 64, "png", marker(48, 64, 32, 0, 0))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void each_file_decodes_or_fails_with_its_message(Case c) {
    byte[] bytes = TestImages.resource("/malformed/" + c.file());
    switch (c.expected()) {
      case Decodes d -> {
        DecodedImage image = assertTimeoutPreemptively(HANG_GUARD, () -> loader.load(bytes, c.file()));
        BufferedImage pixels = image.pixels();
        assertThat(image.format()).isEqualTo(d.format());
        assertThat(image.scale()).isEqualTo(1.0);
        assertThat(new int[] {image.width(), image.height()}).containsExactly(d.width(), d.height());
        assertThat(new int[] {pixels.getWidth(), pixels.getHeight()}).containsExactly(d.width(), d.height());
        assertThat(pixels.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        for (Probe p : d.probes()) {
          int actual = TestImages.rgb(pixels, p.x(), p.y());
          assertThat(TestImages.near(actual, p.rgb(), p.tolerance()))
              .as("%s at (%d, %d): expected %06x ± %d, got %06x", c.file(), p.x(), p.y(), p.rgb(), p.tolerance(), actual)
              .isTrue();
        }
      }
      case Fails f ->
          assertThatThrownBy(() -> assertTimeoutPreemptively(HANG_GUARD, () -> loader.load(bytes, c.file())))
              .isExactlyInstanceOf(f.type())
              .hasMessage(f.message());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void probe_agrees_with_load(Case c) {
    byte[] bytes = TestImages.resource("/malformed/" + c.file());
    switch (c.expected()) {
      case Decodes d -> {
        ImageInfo info = assertTimeoutPreemptively(HANG_GUARD, () -> loader.probe(bytes, c.file()));
        assertThat(info.format().id()).isEqualTo(d.format());
        assertThat(new int[] {info.width(), info.height()}).containsExactly(d.width(), d.height());
      }
      case Fails f -> {
        // probe reads only the header, so failures inside the image data pass it.
        if (f.message().contains(" data (") == false) {
          assertThatThrownBy(() -> assertTimeoutPreemptively(HANG_GUARD, () -> loader.probe(bytes, c.file())))
              .isExactlyInstanceOf(f.type())
              .hasMessage(f.message());
        }
      }
    }
  }

  @Test
  void every_corpus_file_has_an_expectation() throws IOException, URISyntaxException {
    Path dir = Path.of(Objects.requireNonNull(getClass().getResource("/malformed")).toURI());
    Map<String, Case> cases = corpus().stream().collect(Collectors.toMap(Case::file, Function.identity()));
    try (Stream<Path> files = Files.list(dir)) {
      List<String> images = files.map(p -> p.getFileName().toString())
          .filter(n -> n.equals("README.md") == false && n.endsWith(".sh") == false)
          .sorted()
          .toList();
      assertThat(images).containsExactlyInAnyOrderElementsOf(cases.keySet());
    }
  }
}
