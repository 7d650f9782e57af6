package candor.core.gallery;

import candor.core.model.LawfulBasis;
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
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What the gallery tests share: the real models, people cut from the vision module's fixture
 * photos, and seeded randomness.
 *
 * <p>The fixture photos are group photos of different people. Six of their faces become
 * "people": an enrolment portrait cut around the face, and a probe cut
 * differently (other margin, offset, size, brightness and JPEG quality), so that a probe is
 * another image of the same face, not a copy.
 */
final class GalleryTestSupport {

  static final LawfulBasis BASIS = LawfulBasis.authority("test order 1");

  private GalleryTestSupport() {}

  /** A person made from a fixture face: an enrolment image and a probe image. */
  record Person(String name, byte[] enrol, byte[] probe) {}

  /** The shipped models folder: {@code -Dcandor.models.dir} (set by surefire), else ../models. */
  static Path modelsDir() {
    String dir = System.getProperty("candor.models.dir");
    return dir != null ? Path.of(dir) : Path.of("..", "models");
  }

  /** The vision module's fixture photos, beside the models folder in the checkout. */
  static Path fixturesDir() {
    return modelsDir().toAbsolutePath().getParent()
        .resolve("candor-vision/src/test/resources/fixtures");
  }

  /** The default pipeline, shared by every test in this JVM and never closed (it goes with it). */
  static FacePipeline pipeline() {
    return Holder.PIPELINE;
  }

  private static final class Holder {
    static final FacePipeline PIPELINE = FacePipeline.open(
        ModelPack.named("default", List.of(modelsDir())), List.of(modelsDir()),
        VisionConfig.defaults());
    static final List<Person> PEOPLE = makePeople();
  }

  static ImageLoader loader() {
    return new ImageLoader(ImageLimits.defaults());
  }

  /** A collection to create on first ingest. */
  static CollectionService.NewCollection newCollection(String name, boolean keepOriginals) {
    return new CollectionService.NewCollection(name, "tests", BASIS, Period.ofYears(1), keepOriginals);
  }

  /** An ingest request with subjects from folders, creating the collection if needed. */
  static IngestRequest request(String collection, boolean subjectsFromFolders) {
    return new IngestRequest(collection, BASIS, null, null, "tester", subjectsFromFolders,
        candor.core.eval.FaceChoice.CENTRAL, newCollection(collection, false), 2, 1_000);
  }

  /** Ingests the paths with the default pipeline. */
  static IngestSummary ingest(Gallery gallery, IngestRequest request, boolean firstPerFolder,
      Path... paths) {
    try (IngestSource source = IngestSource.scan(List.of(paths), firstPerFolder)) {
      return new IngestService(gallery, pipeline(), loader())
          .ingest(request, source, IngestProgress.Listener.NONE);
    }
  }

  /** A search query with a valid reason. */
  static SearchQuery query(byte[] probe, int k, String... collections) {
    return new SearchQuery("tester", SearchPurpose.EVALUATION, "case 1",
        java.util.Set.of(collections), k, probe, "probe.jpg", candor.core.eval.FaceChoice.LARGEST);
  }

  /** Six people cut from sample1, sample2 and sample3. */
  static List<Person> people() {
    return Holder.PEOPLE;
  }

  /**
   * Writes each person's enrolment image as {@code dir/<name>/a.jpg} and, when {@code probes},
   * the probe as {@code dir/<name>/b.jpg}.
   */
  static void writePeople(Path dir, boolean probes) {
    for (Person p : people()) {
      write(dir.resolve(p.name()).resolve("a.jpg"), p.enrol());
      if (probes) {
        write(dir.resolve(p.name()).resolve("b.jpg"), p.probe());
      }
    }
  }

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a folder and everything in it. */
  static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lists the files under {@code dir} that contain any 16-byte window of the template's float32
   * bytes, little- or big-endian.
   */
  static List<String> filesHoldingTemplate(Path dir, float[] template) {
    java.util.Map<Long, List<byte[]>> windows = new java.util.HashMap<>();
    for (java.nio.ByteOrder order
        : List.of(java.nio.ByteOrder.LITTLE_ENDIAN, java.nio.ByteOrder.BIG_ENDIAN)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(template.length * 4).order(order);
      for (float v : template) {
        buffer.putFloat(v);
      }
      byte[] bytes = buffer.array();
      for (int i = 0; i + 16 <= bytes.length; i++) {
        byte[] window = java.util.Arrays.copyOfRange(bytes, i, i + 16);
        windows.computeIfAbsent(firstLong(window, 0), k -> new ArrayList<>()).add(window);
      }
    }
    List<String> hits = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        byte[] content = Files.readAllBytes(file);
        scan:
        for (int i = 0; i + 16 <= content.length; i++) {
          List<byte[]> candidates = windows.get(firstLong(content, i));
          if (candidates != null) {
            for (byte[] w : candidates) {
              if (java.util.Arrays.equals(w, 0, 16, content, i, i + 16)) {
                hits.add(dir.relativize(file) + " @" + i);
                break scan;
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hits;
  }

  private static long firstLong(byte[] bytes, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xff);
    }
    return v;
  }

  static byte[] fixture(int n) {
    try {
      return Files.readAllBytes(fixturesDir().resolve("sample" + n + ".jpg"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Fixture faces (photo, index from the left) that make good test people: fairly frontal. The
  // leftmost woman of sample2 is in profile, so a second cut of her is not reliably matched.
  private static final int[][] FACES = {{1, 0}, {1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 0}};

  private static List<Person> makePeople() {
    List<Person> people = new ArrayList<>();
    for (int[] pick : FACES) {
      int n = pick[0];
      byte[] bytes = fixture(n);
      ImageAnalysis analysis = pipeline().analyze(loader(), bytes, "sample" + n, false);
      BufferedImage image = loader().load(bytes, "sample" + n).pixels();
      List<Face> faces = analysis.faces().stream()
          .sorted(Comparator.comparingDouble((Face f) -> f.box().x())).toList();
      Face f = faces.get(pick[1]);
      BufferedImage enrol = cut(image, f, 2.4, 0, 0, 200, 1.0);
      BufferedImage probe = cut(image, f, 2.0, 0.08, -0.05, 170, 0.85);
      people.add(new Person("person_s" + n + "f" + pick[1], jpeg(enrol, 0.95f), jpeg(probe, 0.8f)));
    }
    return people;
  }

  /**
   * A square around the face: {@code margin} times the box's longer side, moved by {@code dx,
   * dy} box sides, resized to {@code size} pixels and scaled in brightness.
   */
  static BufferedImage cut(BufferedImage image, Face f, double margin, double dx, double dy,
      int size, double brightness) {
    double side = margin * Math.max(f.box().width(), f.box().height());
    double cx = f.box().centerX() + dx * f.box().width();
    double cy = f.box().centerY() + dy * f.box().height();
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    double scale = size / side;
    g.translate(-((cx - side / 2) * scale), -((cy - side / 2) * scale));
    g.scale(scale, scale);
    g.drawImage(image, 0, 0, null);
    g.dispose();
    if (brightness != 1.0) {
      byte[] data = (byte[]) out.getRaster().getDataElements(0, 0, size, size, null);
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) Math.round((data[i] & 0xff) * brightness);
      }
      out.getRaster().setDataElements(0, 0, size, size, data);
    }
    return out;
  }

  /** A variant of {@code image} with distinct bytes: a few pixels of seeded noise. */
  static BufferedImage speckled(BufferedImage image, long seed) {
    Random random = new Random(seed);
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(),
        BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    for (int i = 0; i < 20; i++) {
      out.setRGB(random.nextInt(image.getWidth()), random.nextInt(image.getHeight()),
          random.nextInt(0x1000000));
    }
    return out;
  }

  static BufferedImage decode(byte[] jpeg) {
    return loader().load(jpeg, "image").pixels();
  }

  static byte[] jpeg(BufferedImage image, float quality) {
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

  /** A random seed, or {@code -Dtests.seed=N}; printed either way so a failure can be replayed. */
  static long seed() {
    Long fixed = Long.getLong("tests.seed");
    long seed = fixed != null ? fixed : new Random().nextLong();
    System.out.println("random seed: " + seed + " (replay with -Dtests.seed=" + seed + ")");
    return seed;
  }
}
