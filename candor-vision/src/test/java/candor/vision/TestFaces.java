package candor.vision;

import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What the vision tests share: the real models, the fixture photos, seeded randomness and image
 * builders.
 *
 * <p>The default pipeline is loaded once per test JVM (surefire runs every test class in one fork)
 * and never closed: its native sessions go with the JVM. Tests must not close it.
 */
public final class TestFaces {
  /** Faces per fixture photo, sample1 to sample6, as {@code candor detect} reports them (verified visually). */
  public static final int[] FACES_PER_FIXTURE = {3, 3, 3, 4, 5, 4};

  private TestFaces() {}

  /**
   * A random seed, or the one given with {@code -Dtests.seed=N} to replay a failure; printed
   * either way.
   */
  public static long seed() {
    Long fixed = Long.getLong("tests.seed");
    long seed = fixed != null ? fixed : new Random().nextLong();
    System.out.println("random seed: " + seed + " (replay with -Dtests.seed=" + seed + ")");
    return seed;
  }

  /** The shipped models folder: {@code -Dcandor.models.dir} (set by surefire), else {@code ../models}. */
  public static Path modelsDir() {
    String dir = System.getProperty("candor.models.dir");
    return dir != null ? Path.of(dir) : Path.of("..", "models");
  }

  /** The shared data folder beside the checkout: {@code -Dcandor.shared.dir}, else {@code ../../shared}. */
  public static Path sharedDir() {
    String dir = System.getProperty("candor.shared.dir");
    return dir != null ? Path.of(dir) : Path.of("..", "..", "shared");
  }

  /** The YuNet model file in the shared folder; it may be absent. */
  public static Path yunetFile() {
    return sharedDir().resolve("models/yunet/face_detection_yunet_2023mar.onnx");
  }

  /** The default pack's pipeline with the default config, shared by every test in this JVM. */
  public static FacePipeline pipeline() {
    return DefaultPipeline.INSTANCE;
  }

  private static final class DefaultPipeline {
    static final FacePipeline INSTANCE = FacePipeline.open(
        ModelPack.named("default", List.of(modelsDir())), List.of(modelsDir()), VisionConfig.defaults());
  }

  /** An image loader with the default limits. */
  public static ImageLoader loader() {
    return new ImageLoader(ImageLimits.defaults());
  }

  /** The bytes of a test resource such as {@code "/fixtures/sample1.jpg"}. */
  public static byte[] resource(String path) {
    try (InputStream in = TestFaces.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fixture photo {@code n} (1 to 6), decoded at full resolution. */
  public static DecodedImage fixture(int n) {
    return loader().load(resource("/fixtures/sample" + n + ".jpg"), "sample" + n + ".jpg");
  }

  /** The image as a full-resolution {@link DecodedImage}, converted to 3-byte BGR when it is not. */
  public static DecodedImage decoded(BufferedImage image) {
    return DecodedImage.full(bgr(image), "png");
  }

  /** A 3-byte BGR copy of {@code image}. */
  public static BufferedImage bgr(BufferedImage image) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** A plain image of one colour. */
  public static BufferedImage plain(int width, int height, Color colour) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return out;
  }

  /** Independent uniform noise in every channel of every pixel. */
  public static BufferedImage noise(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bytes = new byte[width * height * 3];
    random.nextBytes(bytes);
    out.getRaster().setDataElements(0, 0, width, height, bytes);
    return out;
  }

  /** The region (x, y, w, h) of {@code image}, copied; parts outside the image are black. */
  public static BufferedImage crop(BufferedImage image, int x, int y, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, -x, -y, null);
    g.dispose();
    return out;
  }

  /** {@code image} resized to w x h, area-averaged (no aliasing when shrinking). */
  public static BufferedImage resize(BufferedImage image, int w, int h) {
    Image scaled = image.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.drawImage(scaled, 0, 0, null);
    g.dispose();
    return out;
  }

  /**
   * {@code image} scaled by {@code scale} about the origin, then moved by (dx, dy), bilinearly, on a
   * grey background of the same size: a point (x, y) ends up at (x * scale + dx, y * scale + dy).
   */
  public static BufferedImage scaledAndShifted(BufferedImage image, double scale, double dx, double dy) {
    BufferedImage out = plain(image.getWidth(), image.getHeight(), Color.GRAY);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    AffineTransform t = new AffineTransform();
    t.translate(dx, dy);
    t.scale(scale, scale);
    g.drawImage(image, t, null);
    g.dispose();
    return out;
  }

  /**
   * {@code image} rotated by {@code degrees} about (cx, cy), bilinearly, on grey; positive turns
   * clockwise on screen, which makes a face's eye line slope down to the right (positive roll).
   */
  public static BufferedImage rotated(BufferedImage image, double degrees, double cx, double cy) {
    BufferedImage out = plain(image.getWidth(), image.getHeight(), Color.GRAY);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, AffineTransform.getRotateInstance(Math.toRadians(degrees), cx, cy), null);
    g.dispose();
    return out;
  }

  /** The mirror image, left to right. */
  public static BufferedImage mirrored(BufferedImage image) {
    int w = image.getWidth();
    BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(w - 1 - x, y, image.getRGB(x, y));
      }
    }
    return out;
  }

  /** Every channel of every pixel multiplied by {@code factor}. */
  public static BufferedImage darkened(BufferedImage image, double factor) {
    BufferedImage out = bgr(image);
    byte[] data = (byte[]) out.getRaster().getDataElements(0, 0, out.getWidth(), out.getHeight(), null);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) Math.round((data[i] & 0xff) * factor);
    }
    out.getRaster().setDataElements(0, 0, out.getWidth(), out.getHeight(), data);
    return out;
  }

  /** A box blur of the given radius (a (2r+1)-square mean, edges clamped), on every channel. */
  public static BufferedImage boxBlurred(BufferedImage image, int radius) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] src = (byte[]) bgr(image).getRaster().getDataElements(0, 0, w, h, null);
    byte[] tmp = new byte[src.length];
    byte[] dst = new byte[src.length];
    blurPass(src, tmp, w, h, radius, 3, 3 * w); // along rows
    blurPass(tmp, dst, h, w, radius, 3 * w, 3); // along columns
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    out.getRaster().setDataElements(0, 0, w, h, dst);
    return out;
  }

  /** One 1-D box blur pass over {@code lines} lines of {@code length} pixels. */
  private static void blurPass(byte[] in, byte[] out, int length, int lines, int r, int step, int lineStep) {
    for (int line = 0; line < lines; line++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < length; i++) {
          int sum = 0;
          for (int k = -r; k <= r; k++) {
            int j = Math.max(0, Math.min(length - 1, i + k));
            sum += in[line * lineStep + j * step + c] & 0xff;
          }
          out[line * lineStep + i * step + c] = (byte) Math.round(sum / (2f * r + 1));
        }
      }
    }
  }

  /** {@code image} encoded as a baseline JPEG of the given quality (0 to 1). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The face with the highest IoU against {@code box}, or null when none overlaps. */
  public static Face bestMatch(List<Face> faces, BoundingBox box) {
    Face best = null;
    float bestIou = 0;
    for (Face f : faces) {
      float iou = f.box().iou(box);
      if (iou > bestIou) {
        bestIou = iou;
        best = f;
      }
    }
    return best;
  }
}
