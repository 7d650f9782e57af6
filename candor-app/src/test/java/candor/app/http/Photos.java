package candor.app.http;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Test photos cut from the vision module's fixtures (sample1.jpg to sample6.jpg, group photos
 * under the face-api.js licence): one person's face with a margin, optionally mirrored, scaled,
 * brightened or with one pixel changed (a new SHA-256 for the same face).
 */
public final class Photos {

  /** The project root: the parent of the shipped models folder that surefire names. */
  public static final Path ROOT =
      Path.of(System.getProperty("candor.models.dir", "../models")).toAbsolutePath().getParent();

  /** The fixture folder. */
  public static final Path FIXTURES = ROOT.resolve("candor-vision/src/test/resources/fixtures");

  /** The blonde woman on the left of sample3 (box 242,135 82x116). */
  public static final Face PERSON_A = new Face(3, 242, 135, 82, 116);
  /** The woman on the left of sample6 (box 104,206 94x111): another person. */
  public static final Face PERSON_B = new Face(6, 104, 206, 94, 111);
  /** The woman on the right of sample1 (box 606,86 98x94): a third person. */
  public static final Face PERSON_C = new Face(1, 606, 86, 98, 94);

  private Photos() {}

  /**
   * A face in a fixture photo.
   *
   * @param sample the fixture, 1 to 6
   * @param x the box's left, in pixels
   * @param y the box's top
   * @param w the box's width
   * @param h the box's height
   */
  public record Face(int sample, int x, int y, int w, int h) {}

  /** Reads fixture {@code n}. */
  public static BufferedImage fixture(int n) {
    try {
      return ImageIO.read(FIXTURES.resolve("sample" + n + ".jpg").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Cuts a face with {@code margin} box sizes around it, mirrored or not, scaled, brightened by
   * {@code brightness} (1 = unchanged), with pixel (0,0) set to {@code variant} so that each
   * variant has its own SHA-256; as JPEG bytes.
   */
  public static byte[] crop(Face face, double margin, boolean mirror, double scale,
      double brightness, int variant) {
    BufferedImage photo = fixture(face.sample());
    int mx = (int) Math.round(face.w() * margin);
    int my = (int) Math.round(face.h() * margin);
    int x0 = Math.max(0, face.x() - mx);
    int y0 = Math.max(0, face.y() - my);
    int x1 = Math.min(photo.getWidth(), face.x() + face.w() + mx);
    int y1 = Math.min(photo.getHeight(), face.y() + face.h() + my);
    int cw = (int) Math.round((x1 - x0) * scale);
    int ch = (int) Math.round((y1 - y0) * scale);
    BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    if (mirror) {
      g.translate(cw, 0);
      g.scale(-1, 1);
    }
    g.drawImage(photo, 0, 0, cw, ch, x0, y0, x1, y1, null);
    g.dispose();
    if (brightness != 1.0) {
      for (int y = 0; y < ch; y++) {
        for (int x = 0; x < cw; x++) {
          int rgb = out.getRGB(x, y);
          int r = clamp(((rgb >> 16) & 0xff) * brightness);
          int gr = clamp(((rgb >> 8) & 0xff) * brightness);
          int b = clamp((rgb & 0xff) * brightness);
          out.setRGB(x, y, (r << 16) | (gr << 8) | b);
        }
      }
    }
    out.setRGB(0, 0, variant & 0xffffff);
    return jpeg(out);
  }

  /** A plain crop of a face with a margin of 0.6 box sizes. */
  public static byte[] crop(Face face, int variant) {
    return crop(face, 0.6, false, 1.0, 1.0, variant);
  }

  /** Encodes an image as JPEG. */
  public static byte[] jpeg(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
