package candor.app.cli;

import candor.vision.Face;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.VisionException;
import candor.vision.image.ImageLoader;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor detect}: the faces of each image, with boxes, landmarks, pose and quality. */
@Command(name = "detect", mixinStandardHelpOptions = true,
    description = "Detect faces: box [x,y,w,h], score, 5 landmarks, pose and quality per face. "
        + "A bad file gets an error line and the others are still processed; exit 1 if any failed.")
public final class DetectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  @Parameters(arity = "1..*", paramLabel = "IMG", description = "Image files (JPEG, PNG, BMP, GIF, WebP).")
  List<Path> images;

  @Option(names = "--draw", paramLabel = "DIR", description = "Write a PNG per image with boxes and landmarks drawn into DIR.")
  Path drawDir;

  @Option(names = "--json", description = "Print JSON: [{\"file\", \"faces\": [...], \"error\"}].")
  boolean json;

  record ImageJson(
      @JsonProperty("file") String file,
      @JsonProperty("faces") List<FaceJson> faces,
      @JsonProperty("error") @JsonInclude(JsonInclude.Include.ALWAYS) String error) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (drawDir != null) {
      Files.createDirectories(drawDir);
    }
    List<ImageJson> results = new ArrayList<>();
    int failed = 0;
    ImageLoader loader = engine.loader();
    try (FacePipeline pipeline = engine.open(data)) {
      for (Path img : images) {
        try {
          byte[] bytes = DataOptions.readInput(img);
          ImageAnalysis a = pipeline.analyze(loader, bytes, img.toString(), false);
          results.add(new ImageJson(img.toString(), a.faces().stream().map(FaceJson::of).toList(), null));
          if (!json) {
            printHuman(out, img, a);
          }
          if (drawDir != null) {
            draw(loader.load(bytes, img.toString()).pixels(), a.faces(), drawDir.resolve(stem(img) + ".faces.png"));
          }
        } catch (IOException | VisionException e) {
          failed++;
          String msg = e.getMessage();
          results.add(new ImageJson(img.toString(), List.of(), msg));
          err.println("candor: " + msg);
        }
      }
    }
    if (json) {
      out.println(Json.write(results));
    }
    out.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static void printHuman(PrintWriter out, Path img, ImageAnalysis a) {
    out.printf("%s: %d face%s (%dx%d)%n", img, a.faces().size(), a.faces().size() == 1 ? "" : "s", a.width(), a.height());
    int i = 1;
    for (Face f : a.faces()) {
      out.printf("  #%d box=[%.0f,%.0f,%.0f,%.0f] score=%.3f yaw=%.0f pitch=%.0f roll=%.0f quality=%.2f%s%n", i++,
          f.box().x(), f.box().y(), f.box().width(), f.box().height(), f.score(),
          f.pose().yaw(), f.pose().pitch(), f.pose().roll(), f.quality().score(),
          f.quality().reasons().isEmpty() ? "" : " " + f.quality().reasons());
    }
  }

  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  static void draw(BufferedImage image, List<Face> faces, Path target) throws IOException {
    BufferedImage canvas = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    float stroke = Math.max(2, Math.max(image.getWidth(), image.getHeight()) / 400f);
    g.setStroke(new BasicStroke(stroke));
    for (Face f : faces) {
      g.setColor(f.quality().reasons().isEmpty() ? Color.GREEN : Color.ORANGE);
      g.drawRect(Math.round(f.box().x()), Math.round(f.box().y()), Math.round(f.box().width()), Math.round(f.box().height()));
      g.setColor(Color.RED);
      int r = Math.round(stroke * 1.5f);
      for (int i = 0; i < 5; i++) {
        g.fillOval(Math.round(f.landmarks().x(i)) - r, Math.round(f.landmarks().y(i)) - r, 2 * r, 2 * r);
      }
    }
    g.dispose();
    ImageIO.write(canvas, "png", target.toFile());
  }
}
