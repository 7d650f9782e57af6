package candor.app.cli.gallery;

import candor.app.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import picocli.CommandLine;

/**
 * Runs {@code candor} in-process with captured output for the gallery command tests, and cuts
 * people out of the vision module's fixture photos.
 */
final class GalleryCli {
  /** The project root: the parent of the shipped models folder that surefire names. */
  static final Path ROOT =
      Path.of(System.getProperty("candor.models.dir", "../models")).toAbsolutePath().getParent();
  static final Path FIXTURES = ROOT.resolve("candor-vision/src/test/resources/fixtures");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Faces of three different people in the fixtures: sample, x, y, width, height. */
  static final int[][] PEOPLE = {{3, 242, 135, 82, 116}, {6, 104, 206, 94, 111}, {1, 606, 86, 98, 94}};

  private GalleryCli() {}

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + out + "\nstderr: " + err, e);
      }
    }
  }

  /** Runs {@code candor ARGS} with the shipped models. */
  static Run run(Object... args) {
    System.setProperty("candor.home", ROOT.toString());
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = args[i].toString();
    }
    int exit = cl.execute(strings);
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * Writes person {@code p}'s face cut with {@code margin} box sizes around it, scaled to
   * {@code size} pixels wide, as a JPEG.
   */
  static Path person(int p, double margin, int size, Path target) {
    int[] f = PEOPLE[p];
    try {
      BufferedImage photo = ImageIO.read(FIXTURES.resolve("sample" + f[0] + ".jpg").toFile());
      double side = Math.max(f[3], f[4]) * (1 + 2 * margin);
      double cx = f[1] + f[3] / 2.0;
      double cy = f[2] + f[4] / 2.0;
      BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      double scale = size / side;
      g.translate(-(cx - side / 2) * scale, -(cy - side / 2) * scale);
      g.scale(scale, scale);
      g.drawImage(photo, 0, 0, null);
      g.dispose();
      Files.createDirectories(target.getParent());
      ImageIO.write(out, "jpg", target.toFile());
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the enrolment images {@code dir/person_<p>/a.jpg} of the three people. */
  static void enrolments(Path dir) {
    for (int p = 0; p < PEOPLE.length; p++) {
      person(p, 0.8, 200, dir.resolve("person_" + p).resolve("a.jpg"));
    }
  }

  /** Writes person {@code p}'s probe: cut tighter and smaller than the enrolment image. */
  static Path probe(int p, Path target) {
    return person(p, 0.5, 160, target);
  }
}
