package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import candor.vision.DecodedImage;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageLoaderTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private final ImageLoader loader = new ImageLoader(ImageLimits.defaults());

  // --- full decode ---

  @ParameterizedTest
  @ValueSource(strings = {"sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg", "sample5.jpg", "sample6.jpg"})
  void decodes_fixture_photos_at_full_resolution(String file) {
    byte[] bytes = TestImages.resource("/fixtures/" + file);
    ImageInfo info = loader.probe(bytes, file);

    DecodedImage image = loader.load(bytes, file);

    assertThat(image.format()).isEqualTo("jpeg");
    assertThat(image.scale()).isEqualTo(1.0);
    assertThat(image.width()).isEqualTo(800).isEqualTo(info.width()).isEqualTo(image.pixels().getWidth());
    assertThat(image.height()).isEqualTo(info.height()).isEqualTo(image.pixels().getHeight());
    assertThat(image.pixels().getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
  }

  @Test
  void loads_a_file_like_its_bytes(@TempDir Path dir) throws IOException {
    byte[] bytes = TestImages.resource("/fixtures/sample1.jpg");
    Path file = dir.resolve("photo.bin"); // the name does not decide the format
    Files.write(file, bytes);

    DecodedImage fromFile = loader.load(file);
    DecodedImage fromBytes = loader.load(bytes, "sample1.jpg");

    assertThat(TestImages.pixels(fromFile.pixels())).isEqualTo(TestImages.pixels(fromBytes.pixels()));
  }

  @Test
  void names_the_path_when_a_file_is_missing(@TempDir Path dir) {
    Path missing = dir.resolve("missing.jpg");

    assertThatThrownBy(() -> loader.load(missing))
        .isExactlyInstanceOf(UnreadableImageException.class)
        .hasMessage(missing + ": cannot read the file (NoSuchFileException)");
  }

  @Test
  void refuses_a_file_over_the_byte_limit_before_reading_it(@TempDir Path dir) throws IOException {
    ImageLoader small = new ImageLoader(new ImageLimits(1000, 50_000_000, 20_000));
    byte[] bytes = TestImages.resource("/fixtures/sample1.jpg");
    Path file = dir.resolve("big.jpg");
    Files.write(file, bytes);

    assertThatThrownBy(() -> small.load(file))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage(file + ": " + bytes.length + " bytes exceeds the limit of 1000 bytes");
    assertThatThrownBy(() -> small.load(bytes, "big.jpg"))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage("big.jpg: " + bytes.length + " bytes exceeds the limit of 1000 bytes");
  }

  @Test
  void refuses_by_pixel_count_then_by_side_with_custom_limits() {
    byte[] bytes = TestImages.resource("/fixtures/sample1.jpg"); // 800x533
    ImageLoader fewPixels = new ImageLoader(new ImageLimits(1 << 20, 400_000, 20_000));
    ImageLoader shortSides = new ImageLoader(new ImageLimits(1 << 20, 1_000_000, 640));

    assertThatThrownBy(() -> fewPixels.load(bytes, "a.jpg"))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage("a.jpg: 800x533 pixels exceeds the limit of 400000 pixels");
    assertThatThrownBy(() -> shortSides.probe(bytes, "a.jpg"))
        .isExactlyInstanceOf(ImageTooLargeException.class)
        .hasMessage("a.jpg: 800x533 pixels exceeds the limit of 640 pixels per side");
  }

  @Test
  void refuses_a_png_bomb_without_allocating_its_raster() {
    byte[] bomb = TestImages.resource("/malformed/bomb.png"); // 30000x30000 declared, 109 bytes
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    loader.probe(TestImages.resource("/malformed/rgb.jpg"), "warm-up.jpg"); // load the classes first
    long before = threads.getCurrentThreadAllocatedBytes();

    assertThatThrownBy(() -> loader.load(bomb, "bomb.png")).isExactlyInstanceOf(ImageTooLargeException.class);

    // The raster would be 900 MB; the header check needs a few kilobytes.
    assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(5_000_000);
  }

  @Test
  void probe_reports_format_upright_size_and_orientation() {
    ImageInfo info = loader.probe(TestImages.resource("/malformed/exif-6.jpg"), "exif-6.jpg");

    assertThat(info).isEqualTo(new ImageInfo(ImageFormat.JPEG, 48, 64, Orientation.ROTATE_90_CW));
  }

  @Test
  void ignores_an_exif_orientation_outside_one_to_eight() {
    byte[] jpeg = TestImages.withJpegOrientation(TestImages.jpeg(TestImages.noisyPicture(40, 30, 1), 0.9f), 9);

    assertThat(loader.probe(jpeg, "odd.jpg").orientation()).isEqualTo(Orientation.NORMAL);
    assertThat(loader.load(jpeg, "odd.jpg").pixels().getWidth()).isEqualTo(40);
  }

  @Test
  void rejects_null_arguments() {
    assertThatThrownBy(() -> loader.load(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("bytes");
    assertThatThrownBy(() -> loader.load(new byte[1], null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> new ImageLoader(null)).isInstanceOf(NullPointerException.class).hasMessage("limits");
  }

  // --- reduced-resolution decode for detection ---

  @Test
  void load_for_detection_subsamples_jpeg_by_the_largest_power_of_two_that_keeps_max_side() {
    BufferedImage picture = TestImages.noisyPicture(1920, 1280, 7);
    byte[] jpeg = TestImages.jpeg(picture, 0.9f);
    BufferedImage full = loader.load(jpeg, "big.jpg").pixels();

    DecodedImage half = loader.loadForDetection(jpeg, "big.jpg", 640);
    DecodedImage quarter = loader.loadForDetection(jpeg, "big.jpg", 480);
    DecodedImage notWorthIt = loader.loadForDetection(jpeg, "big.jpg", 1000);

    assertThat(half.scale()).isEqualTo(0.5);
    assertThat(new int[] {half.pixels().getWidth(), half.pixels().getHeight()}).containsExactly(960, 640);
    assertThat(new int[] {half.width(), half.height()}).containsExactly(1920, 1280);
    assertThat(quarter.scale()).isEqualTo(0.25);
    assertThat(new int[] {quarter.pixels().getWidth(), quarter.pixels().getHeight()}).containsExactly(480, 320);
    assertThat(notWorthIt.scale()).isEqualTo(1.0);
    assertThat(notWorthIt.pixels().getWidth()).isEqualTo(1920);
    // Subsampling keeps every f-th pixel of the full decode.
    for (int[] p : new int[][] {{0, 0}, {123, 45}, {479, 319}, {200, 300}}) {
      assertThat(TestImages.rgb(quarter.pixels(), p[0], p[1])).isEqualTo(TestImages.rgb(full, 4 * p[0], 4 * p[1]));
    }
  }

  @Test
  void load_for_detection_decodes_other_formats_at_full_resolution() {
    byte[] png = TestImages.encode(TestImages.noisyPicture(1200, 800, 3), "png");

    DecodedImage image = loader.loadForDetection(png, "big.png", 300);

    assertThat(image.scale()).isEqualTo(1.0);
    assertThat(image.pixels().getWidth()).isEqualTo(1200);
  }

  @Test
  void load_for_detection_turns_subsampled_pixels_upright() {
    byte[] jpeg = TestImages.withJpegOrientation(TestImages.jpeg(TestImages.noisyPicture(1920, 1280, 5), 0.9f), 6);

    DecodedImage image = loader.loadForDetection(jpeg, "portrait.jpg", 640);

    assertThat(image.scale()).isEqualTo(0.5);
    assertThat(new int[] {image.width(), image.height()}).containsExactly(1280, 1920);
    assertThat(new int[] {image.pixels().getWidth(), image.pixels().getHeight()}).containsExactly(640, 960);
  }

  @Test
  void load_for_detection_rejects_a_non_positive_max_side() {
    byte[] bytes = TestImages.resource("/malformed/rgb.jpg");

    assertThatThrownBy(() -> loader.loadForDetection(bytes, "rgb.jpg", 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSide must be positive, got 0");
  }

  @Test
  void subsampling_factor_keeps_the_long_side_at_least_max_side() {
    assertThat(ImageLoader.subsamplingFactor(1920, 640)).isEqualTo(2);
    assertThat(ImageLoader.subsamplingFactor(1920, 480)).isEqualTo(4);
    assertThat(ImageLoader.subsamplingFactor(1920, 479)).isEqualTo(4);
    assertThat(ImageLoader.subsamplingFactor(1920, 481)).isEqualTo(2);
    assertThat(ImageLoader.subsamplingFactor(1921, 481)).isEqualTo(4); // decodes ceil(1921 / 4) = 481 wide
    assertThat(ImageLoader.subsamplingFactor(1920, 1920)).isEqualTo(1);
    assertThat(ImageLoader.subsamplingFactor(1920, 5000)).isEqualTo(1);
    assertThat(ImageLoader.subsamplingFactor(1, 1)).isEqualTo(1);
    assertThat(ImageLoader.subsamplingFactor(20_000, 1)).isEqualTo(16384);
  }

  // --- full-resolution region decode ---

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void load_region_equals_the_same_region_of_the_full_upright_image(int orientation) {
    long seed = TestImages.seed();
    Random random = new Random(seed);
    byte[] png = TestImages.withPngOrientation(TestImages.encode(TestImages.noisyPicture(97, 61, seed), "png"), orientation);
    BufferedImage upright = loader.load(png, "o.png").pixels();

    for (int i = 0; i < 20; i++) {
      int x = random.nextInt(upright.getWidth());
      int y = random.nextInt(upright.getHeight());
      Rectangle region = new Rectangle(x, y, 1 + random.nextInt(upright.getWidth() - x), 1 + random.nextInt(upright.getHeight() - y));

      BufferedImage decoded = loader.loadRegion(png, "o.png", region);

      assertThat(TestImages.pixels(decoded))
          .as("orientation %d, region %s", orientation, region)
          .isEqualTo(TestImages.pixels(upright.getSubimage(region.x, region.y, region.width, region.height)));
    }
  }

  @Test
  void load_region_of_a_jpeg_equals_the_same_region_of_the_full_decode() {
    byte[] jpeg = TestImages.withJpegOrientation(TestImages.jpeg(TestImages.noisyPicture(1920, 1280, 11), 0.9f), 8);
    BufferedImage upright = loader.load(jpeg, "big.jpg").pixels();
    Rectangle region = new Rectangle(333, 222, 200, 150);

    BufferedImage decoded = loader.loadRegion(jpeg, "big.jpg", region);

    assertThat(TestImages.pixels(decoded)).isEqualTo(TestImages.pixels(upright.getSubimage(333, 222, 200, 150)));
  }

  @Test
  void load_region_finds_the_marker_in_the_upright_top_right_corner() {
    byte[] jpeg = TestImages.resource("/malformed/exif-6.jpg"); // red block stored top-left

    BufferedImage corner = loader.loadRegion(jpeg, "exif-6.jpg", new Rectangle(36, 4, 8, 8));

    assertThat(corner.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    for (int rgb : TestImages.pixels(corner)) {
      assertThat(TestImages.near(rgb, 0xff0000, 24)).as("%06x", rgb & 0xffffff).isTrue();
    }
  }

  @Test
  void load_region_clips_the_region_to_the_image() {
    byte[] png = TestImages.withPngOrientation(TestImages.encode(TestImages.noisyPicture(40, 30, 2), "png"), 6);
    BufferedImage upright = loader.load(png, "o.png").pixels(); // 30x40

    BufferedImage clipped = loader.loadRegion(png, "o.png", new Rectangle(-10, 25, 30, 100));

    assertThat(new int[] {clipped.getWidth(), clipped.getHeight()}).containsExactly(20, 15);
    assertThat(TestImages.pixels(clipped)).isEqualTo(TestImages.pixels(upright.getSubimage(0, 25, 20, 15)));
  }

  @Test
  void load_region_outside_the_image_is_an_illegal_argument() {
    byte[] png = TestImages.withPngOrientation(TestImages.encode(TestImages.noisyPicture(40, 30, 2), "png"), 6);

    assertThatThrownBy(() -> loader.loadRegion(png, "o.png", new Rectangle(30, 0, 10, 10)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("o.png: region (x=30, y=0, 10x10) lies outside the 30x40 image");
  }

  // --- robustness ---

  @ParameterizedTest
  @ValueSource(strings = {"rgb.jpg", "progressive.jpg", "cmyk.jpg", "rgb16.png", "palette.png", "animated.gif",
      "image.bmp", "lossy.webp", "lossless.webp", "exif-6.png"})
  void damaged_files_decode_or_fail_with_a_vision_exception(String file) {
    long seed = TestImages.seed();
    Random random = new Random(seed);
    byte[] original = TestImages.resource("/malformed/" + file);
    for (int i = 0; i < 60; i++) {
      byte[] damaged = damage(original, random);
      String name = file + " mutant " + i + " (seed " + seed + ")";
      assertTimeoutPreemptively(HANG_GUARD, () -> {
        try {
          DecodedImage image = loader.load(damaged, name);
          assertThat(image.pixels().getType()).as(name).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        } catch (UnreadableImageException | ImageTooLargeException e) {
          assertThat(e.getMessage()).as(name).startsWith(name + ": ").doesNotContain("\n");
        }
      }, name);
    }
  }

  private static byte[] damage(byte[] original, Random random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> { // flip a few bytes
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> bytes = java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
      default -> { // overwrite a run with one value, as a bad sector or a zeroed block would
        int from = random.nextInt(bytes.length);
        java.util.Arrays.fill(bytes, from, Math.min(bytes.length, from + 1 + random.nextInt(32)), (byte) random.nextInt(256));
      }
    }
    return bytes;
  }

  @Test
  void is_safe_to_share_between_threads() throws Exception {
    List<byte[]> photos = new ArrayList<>();
    List<int[]> expected = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      byte[] bytes = TestImages.resource("/fixtures/sample" + i + ".jpg");
      photos.add(bytes);
      expected.add(TestImages.pixels(loader.load(bytes, "sample" + i + ".jpg").pixels()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (byte[] bytes : photos) {
          results.add(pool.submit(() -> TestImages.pixels(loader.load(bytes, "shared.jpg").pixels())));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(expected.get(i % photos.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
