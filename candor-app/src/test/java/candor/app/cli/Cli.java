package candor.app.cli;

import candor.app.Main;
import java.awt.Color;
import java.awt.Graphics2D;
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
 * Runs the {@code candor} command line in-process with captured output, as a user would from the
 * project root, and builds the images the CLI tests feed it.
 */
final class Cli {
  /** The project root: the parent of the shipped models folder that surefire names. */
  static final Path ROOT = Path.of(System.getProperty("candor.models.dir", "../models")).toAbsolutePath().getParent();
  /** The vision module's fixture photos (sample1.jpg to sample6.jpg). */
  static final Path FIXTURES = ROOT.resolve("candor-vision/src/test/resources/fixtures");
  /** The YuNet model in the shared folder; it may be absent. */
  static final Path YUNET = Path.of(System.getProperty("candor.shared.dir", ROOT.resolve("../shared").toString()))
      .resolve("models/yunet/face_detection_yunet_2023mar.onnx");
  static final String YUNET_SHA = "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";

  private Cli() {}

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {}

  /** Runs {@code candor ARGS} with the shipped models found under {@link #ROOT}. */
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

  /** Fixture photo {@code n} (1 to 6). */
  static Path fixture(int n) {
    return FIXTURES.resolve("sample" + n + ".jpg");
  }

  /** Reads fixture photo {@code n}. */
  static BufferedImage read(int n) {
    try {
      return ImageIO.read(fixture(n).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Cuts the box (x, y, w, h) of fixture {@code n} with {@code margin} box sizes around it, optionally
   * mirrored, and writes it as a JPEG.
   */
  static Path faceCrop(int n, int x, int y, int w, int h, double margin, boolean mirror, Path target) {
    BufferedImage photo = read(n);
    int mx = (int) Math.round(w * margin);
    int my = (int) Math.round(h * margin);
    int cw = w + 2 * mx;
    int ch = h + 2 * my;
    BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    if (mirror) {
      g.translate(cw, 0);
      g.scale(-1, 1);
    }
    g.drawImage(photo, -(x - mx), -(y - my), null);
    g.dispose();
    return writeJpeg(out, target);
  }

  /** A plain grey JPEG with no face. */
  static Path blank(Path target) {
    BufferedImage out = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 320, 240);
    g.dispose();
    return writeJpeg(out, target);
  }

  private static Path writeJpeg(BufferedImage image, Path target) {
    try {
      Files.createDirectories(target.getParent());
      if (!ImageIO.write(image, "jpeg", target.toFile())) {
        throw new IllegalStateException("no JPEG writer");
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
