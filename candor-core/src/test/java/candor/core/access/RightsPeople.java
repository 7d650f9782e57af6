package candor.core.access;

import candor.vision.Face;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.VisionConfig;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * People for the request tests, cut from the vision module's fixture photos (group photos under
 * the face-api.js licence): an enrolment portrait and a probe cut differently (margin, offset,
 * size, brightness), so that the probe is another image of the same face. Person 0 is in group
 * photo {@code sample1}; persons 1 and 2 come from other photos.
 */
final class RightsPeople {

  private RightsPeople() {}

  /** A person: the fixture they come from, an enrolment image and a probe image. */
  record Person(String name, int sample, byte[] enrol, byte[] probe) {}

  // (photo, index from the left): fairly frontal faces of three different photos, then others.
  private static final int[][] FACES = {{1, 0}, {2, 1}, {3, 0}, {2, 2}};

  private static final class Holder {
    static final FacePipeline PIPELINE = FacePipeline.open(
        ModelPack.named("default", List.of(modelsDir())), List.of(modelsDir()),
        VisionConfig.defaults());
    static final List<Person> PEOPLE = make();
  }

  /** The shipped models folder: {@code -Dcandor.models.dir} (set by surefire), else ../models. */
  static Path modelsDir() {
    String dir = System.getProperty("candor.models.dir");
    return dir != null ? Path.of(dir) : Path.of("..", "models");
  }

  /** The default pipeline, shared by the tests of this JVM and never closed. */
  static FacePipeline pipeline() {
    return Holder.PIPELINE;
  }

  static ImageLoader loader() {
    return new ImageLoader(ImageLimits.defaults());
  }

  static List<Person> people() {
    return Holder.PEOPLE;
  }

  /** A whole fixture photo's bytes. */
  static byte[] fixture(int n) {
    try {
      return Files.readAllBytes(modelsDir().toAbsolutePath().getParent()
          .resolve("candor-vision/src/test/resources/fixtures/sample" + n + ".jpg"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Person> make() {
    List<Person> people = new ArrayList<>();
    for (int[] pick : FACES) {
      byte[] bytes = fixture(pick[0]);
      ImageAnalysis analysis = pipeline().analyze(loader(), bytes, "sample" + pick[0], false);
      BufferedImage image = loader().load(bytes, "sample" + pick[0]).pixels();
      Face f = analysis.faces().stream()
          .sorted(Comparator.comparingDouble((Face x) -> x.box().x())).toList().get(pick[1]);
      people.add(new Person("person_s" + pick[0] + "f" + pick[1], pick[0],
          jpeg(cut(image, f, 2.4, 0, 0, 200, 1.0)), jpeg(cut(image, f, 2.0, 0.08, -0.05, 170,
              0.85))));
    }
    return people;
  }

  private static BufferedImage cut(BufferedImage image, Face f, double margin, double dx,
      double dy, int size, double brightness) {
    double side = margin * Math.max(f.box().width(), f.box().height());
    double cx = f.box().centerX() + dx * f.box().width();
    double cy = f.box().centerY() + dy * f.box().height();
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    double scale = size / side;
    g.translate(-((cx - side / 2) * scale), -((cy - side / 2) * scale));
    g.scale(scale, scale);
    g.drawImage(image, 0, 0, null);
    g.dispose();
    if (brightness != 1.0) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int rgb = out.getRGB(x, y);
          int r = (int) Math.min(255, ((rgb >> 16) & 0xff) * brightness);
          int gr = (int) Math.min(255, ((rgb >> 8) & 0xff) * brightness);
          int b = (int) Math.min(255, (rgb & 0xff) * brightness);
          out.setRGB(x, y, (r << 16) | (gr << 8) | b);
        }
      }
    }
    return out;
  }

  private static byte[] jpeg(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
