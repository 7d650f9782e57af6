package candor.bench.index;

import candor.core.eval.FaceChoice;
import candor.core.eval.TemplateExtractor;
import candor.vision.FacePipeline;
import candor.vision.VisionConfig;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real face templates of an LFW-style folder ({@code <person>/<image>.jpg}), computed with
 * the default model pack and kept in a cache file, because the benchmark only needs their shape
 * (how identities and captures spread), and extraction takes minutes.
 *
 * <p>The cache holds biometric templates of the data set's people: it lives in the benchmark's
 * own working folder, never in the project.
 */
final class LfwTemplates {

  private static final int MAGIC = 0x43465454; // "CFTT"

  private LfwTemplates() {}

  /**
   * Returns the templates by person, from {@code cache} when it exists, else extracted from
   * {@code dataset} and written to {@code cache}.
   *
   * @param dataset the LFW folder
   * @param models the folder with the default pack's model files
   * @param cache the cache file
   * @param threads extraction workers
   * @return templates by person name; people whose images gave no face are left out
   */
  static Map<String, List<float[]>> load(Path dataset, Path models, Path cache, int threads) {
    try {
      if (Files.isRegularFile(cache)) {
        return read(cache);
      }
      Map<String, List<float[]>> byPerson = extract(dataset, models, threads);
      write(byPerson, cache);
      return byPerson;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, List<float[]>> extract(Path dataset, Path models, int threads)
      throws IOException {
    List<Path> images;
    try (Stream<Path> files = Files.walk(dataset, 2)) {
      images = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    if (images.isEmpty()) {
      throw new IOException("no .jpg images under " + dataset);
    }
    System.out.printf("extracting templates of %,d images in %s (once; cached)%n",
        images.size(), dataset);
    List<Path> modelDirs = List.of(models);
    Map<Path, Optional<float[]>> templates;
    try (FacePipeline pipeline = FacePipeline.open(ModelPack.named("default", modelDirs),
        modelDirs, VisionConfig.defaults())) {
      TemplateExtractor extractor = new TemplateExtractor(pipeline,
          new ImageLoader(ImageLimits.defaults()), FaceChoice.CENTRAL, threads);
      templates = TemplateExtractor.templates(extractor.extract(images, done -> {
        if (done % 1000 == 0) {
          System.out.printf("  %,d / %,d%n", done, images.size());
        }
      }));
    }
    Map<String, List<float[]>> byPerson = new TreeMap<>();
    templates.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> e.getValue().ifPresent(t -> byPerson
            .computeIfAbsent(e.getKey().getParent().getFileName().toString(),
                k -> new ArrayList<>())
            .add(t)));
    return byPerson;
  }

  private static void write(Map<String, List<float[]>> byPerson, Path cache) throws IOException {
    Files.createDirectories(cache.toAbsolutePath().getParent());
    Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(partial)))) {
      out.writeInt(MAGIC);
      out.writeInt(byPerson.size());
      for (Map.Entry<String, List<float[]>> person : byPerson.entrySet()) {
        out.writeUTF(person.getKey());
        out.writeInt(person.getValue().size());
        for (float[] template : person.getValue()) {
          out.writeInt(template.length);
          for (float x : template) {
            out.writeFloat(x);
          }
        }
      }
    }
    Files.move(partial, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static Map<String, List<float[]>> read(Path cache) throws IOException {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(cache)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(cache + " is not a template cache; remove it");
      }
      int people = in.readInt();
      Map<String, List<float[]>> byPerson = new TreeMap<>();
      for (int p = 0; p < people; p++) {
        String name = in.readUTF();
        int count = in.readInt();
        List<float[]> templates = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
          float[] template = new float[in.readInt()];
          for (int i = 0; i < template.length; i++) {
            template[i] = in.readFloat();
          }
          templates.add(template);
        }
        byPerson.put(name, templates);
      }
      return byPerson;
    }
  }
}
