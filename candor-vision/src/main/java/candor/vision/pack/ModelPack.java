package candor.vision.pack;

import candor.vision.align.Alignment;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A model pack descriptor: which detector, landmarker and embedder a pipeline uses, what the
 * embedder takes and gives, and the terms the models come under.
 *
 * <p>Descriptors are {@code .properties} files: built-in ones ship as resources
 * ({@code default}, {@code yunet}); others live in a model store folder as
 * {@code NAME.pack.properties}, written by {@code candor models install} or by hand. Keys:
 * <ul>
 *   <li>{@code name}, {@code description};
 *   <li>{@code detector} (kind: {@code rfb320}, {@code yunet}, {@code scrfd},
 *       {@code blazeface128}, {@code blazeface256}), {@code detector.file}, {@code detector.sha256},
 *       and the {@link DetectionSettings} keys ({@code detector.zoomOut}, {@code detector.threshold},
 *       {@code detector.size});
 *   <li>{@code landmarker} ({@code landmark68}) with its file and hash, unless the detector gives
 *       five landmarks itself; {@code turned.*} (see {@link TurnedFaces});
 *   <li>{@code embedder} ({@code arcface112}, or {@code arcface}: an aligned crop in, one vector
 *       out), its file and hash, and the {@link EmbedderSettings} keys {@code embedder.size},
 *       {@code embedder.channels}, {@code embedder.mean}/{@code embedder.std} (or
 *       {@code embedder.scale}/{@code embedder.offset}), {@code align} / {@code align.points},
 *       {@code embedder.dim}, {@code embedder.normalised};
 *   <li>{@code embedder.id}: the template model id;
 *   <li>{@code licence}, {@code licence.use}, {@code licence.trainingData}, {@code licence.url},
 *       {@code licence.accepted} (see {@link Licence});
 *   <li>{@code card.1}, {@code card.2}, ...: measured figures.
 * </ul>
 *
 * @param name pack name
 * @param description one line for {@code candor models list}
 * @param detector the detector model
 * @param landmarker the landmark model; empty when the detector gives landmarks itself
 * @param embedder the embedding model
 * @param embedding what the embedder reads and gives, and the alignment it expects
 * @param templateModelId the id stamped on every template; equal ids mean comparable templates
 * @param card measured figures, one line each ({@code card.N} keys), as {@code candor eval} reported them
 * @param detection how the detector searches ({@code detector.zoomOut}, {@code detector.threshold})
 * @param turnedFaces a second model for faces turned away, or empty
 * @param licence the terms the pack's models come under
 */
public record ModelPack(
    String name,
    String description,
    ModelSpec detector,
    Optional<ModelSpec> landmarker,
    ModelSpec embedder,
    EmbedderSettings embedding,
    String templateModelId,
    List<String> card,
    DetectionSettings detection,
    Optional<TurnedFaces> turnedFaces,
    Licence licence) {

  /** Names of the packs that ship with Candor. */
  public static final List<String> BUILT_IN = List.of("default", "yunet");

  public ModelPack {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(landmarker, "landmarker");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(embedding, "embedding");
    Objects.requireNonNull(templateModelId, "templateModelId");
    Objects.requireNonNull(licence, "licence");
    card = List.copyOf(card);
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(turnedFaces, "turnedFaces");
  }

  /**
   * A pack by name: a built-in one, or {@code NAME.pack.properties} in one of {@code storeDirs}.
   *
   * @throws IllegalArgumentException when no such pack exists
   */
  public static ModelPack named(String name, List<Path> storeDirs) {
    if (BUILT_IN.contains(name)) {
      try (InputStream in = ModelPack.class.getResourceAsStream("/candor/vision/packs/" + name + ".properties")) {
        return parse(name + " (built in)", load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("built-in pack " + name + " unreadable", e);
      }
    }
    for (Path dir : storeDirs) {
      Path file = dir.resolve(name + ".pack.properties");
      if (Files.isRegularFile(file)) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          return parse(file.toString(), load(r));
        } catch (IOException e) {
          throw new IllegalArgumentException(file + ": cannot read pack descriptor (" + e.getMessage() + ")", e);
        }
      }
    }
    throw new IllegalArgumentException("unknown model pack '" + name + "': built-in packs are " + BUILT_IN);
  }

  private static Properties load(Reader r) throws IOException {
    Properties p = new Properties();
    p.load(r);
    return p;
  }

  /**
   * Reads a descriptor's keys.
   *
   * @param source what messages call the descriptor (its file)
   * @param p the keys
   * @throws IllegalArgumentException naming {@code source} and the key at fault
   */
  public static ModelPack parse(String source, Properties p) {
    String name = required(source, p, "name");
    ModelSpec detector = spec(source, p, "detector");
    Optional<ModelSpec> landmarker = p.containsKey("landmarker") ? Optional.of(spec(source, p, "landmarker")) : Optional.empty();
    ModelSpec embedder = spec(source, p, "embedder");
    return new ModelPack(name, p.getProperty("description", ""), detector, landmarker, embedder,
        embedding(source, p), required(source, p, "embedder.id"), card(p), detection(source, p), turned(source, p),
        licence(source, p));
  }

  /** Whether the embedder takes B,G,R planes. */
  public boolean embedderBgr() {
    return embedding.bgr();
  }

  private static EmbedderSettings embedding(String source, Properties p) {
    String channels = p.getProperty("embedder.channels", "BGR").trim();
    if (!channels.equals("BGR") && !channels.equals("RGB")) {
      throw new IllegalArgumentException(source + ": embedder.channels must be BGR or RGB, got " + channels);
    }
    try {
      int size = Integer.parseInt(p.getProperty("embedder.size", "112").trim());
      float mean;
      float std;
      boolean meanStd = p.containsKey("embedder.mean") || p.containsKey("embedder.std");
      boolean scaleOffset = p.containsKey("embedder.scale") || p.containsKey("embedder.offset");
      if (meanStd && scaleOffset) {
        throw new IllegalArgumentException("give embedder.mean and embedder.std, or embedder.scale and embedder.offset, not both");
      }
      if (scaleOffset) {
        // pixel * scale + offset == (pixel - mean) / std with std = 1/scale, mean = -offset/scale
        double scale = Double.parseDouble(required(source, p, "embedder.scale"));
        double offset = Double.parseDouble(p.getProperty("embedder.offset", "0").trim());
        if (!(scale > 0)) {
          throw new IllegalArgumentException("embedder.scale must be positive, got " + scale);
        }
        mean = (float) (-offset / scale);
        std = (float) (1 / scale);
      } else {
        mean = Float.parseFloat(p.getProperty("embedder.mean", "127").trim());
        std = Float.parseFloat(p.getProperty("embedder.std", "128").trim());
      }
      Alignment alignment = alignment(source, p, size);
      int dim = Integer.parseInt(p.getProperty("embedder.dim", "0").trim());
      String normalised = p.getProperty("embedder.normalised", "false").trim();
      if (!normalised.equals("true") && !normalised.equals("false")) {
        throw new IllegalArgumentException("embedder.normalised must be true or false, got " + normalised);
      }
      return new EmbedderSettings(size, channels.equals("BGR"), mean, std, alignment, dim, normalised.equals("true"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": embedder settings must be numbers (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(source) ? e : new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static Alignment alignment(String source, Properties p, int size) {
    String kind = p.getProperty("align", "arcface").trim();
    return switch (kind) {
      case "arcface" -> Alignment.arcface(size);
      case "points" -> {
        String[] parts = required(source, p, "align.points").split("[,\\s]+");
        if (parts.length != 10) {
          throw new IllegalArgumentException("align.points needs 10 numbers (x, y of 5 points in crop pixels), got "
              + parts.length);
        }
        float[] pts = new float[10];
        for (int i = 0; i < 10; i++) {
          pts[i] = Float.parseFloat(parts[i]);
        }
        yield new Alignment(pts, size);
      }
      default -> throw new IllegalArgumentException("align must be arcface or points, got " + kind);
    };
  }

  private static Licence licence(String source, Properties p) {
    if (!p.containsKey("licence")) {
      return Licence.UNDECLARED;
    }
    try {
      return new Licence(required(source, p, "licence"), Licence.Use.parse(required(source, p, "licence.use")),
          p.getProperty("licence.trainingData", "").trim(), p.getProperty("licence.url", "").trim(),
          p.getProperty("licence.accepted", "").trim());
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(source) ? e : new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static Optional<TurnedFaces> turned(String source, Properties p) {
    if (!p.containsKey("turned")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TurnedFaces(spec(source, p, "turned"), Double.parseDouble(required(source, p, "turned.minYaw"))));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": turned.minYaw must be a number (" + e.getMessage() + ")", e);
    }
  }

  private static DetectionSettings detection(String source, Properties p) {
    try {
      double zoomOut = Double.parseDouble(p.getProperty("detector.zoomOut", "0"));
      String t = p.getProperty("detector.threshold");
      boolean always = Boolean.parseBoolean(p.getProperty("detector.zoomOut.always", "false"));
      int size = Integer.parseInt(p.getProperty("detector.size", "0").trim());
      return new DetectionSettings(zoomOut, always, t == null ? Float.NaN : Float.parseFloat(t), size);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": detector settings must be numbers (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static List<String> card(Properties p) {
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 1; p.containsKey("card." + i); i++) {
      lines.add(p.getProperty("card." + i));
    }
    return lines;
  }

  private static ModelSpec spec(String source, Properties p, String role) {
    return new ModelSpec(required(source, p, role), required(source, p, role + ".file"), required(source, p, role + ".sha256"));
  }

  private static String required(String source, Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(source + ": missing '" + key + "'");
    }
    return v.trim();
  }

  /** Every model file of this pack. */
  public List<ModelSpec> files() {
    List<ModelSpec> all = new java.util.ArrayList<>();
    all.add(detector);
    landmarker.ifPresent(all::add);
    turnedFaces.ifPresent(t -> all.add(t.model()));
    all.add(embedder);
    return List.copyOf(all);
  }

  /**
   * Finds a model file in the store folders, first match wins.
   *
   * @throws IllegalArgumentException naming the folders searched when it is nowhere
   */
  public static Path locate(ModelSpec spec, List<Path> storeDirs) {
    for (Path dir : storeDirs) {
      Path f = dir.resolve(spec.file());
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    throw new IllegalArgumentException("model file " + spec.file() + " not found in " + storeDirs
        + "; install it with: candor models install FILE --sha256 " + spec.sha256());
  }

  /**
   * The names of the packs described in the store folders ({@code NAME.pack.properties}), sorted,
   * without the built-in ones; a name in several folders is listed once (the first folder's wins,
   * as in {@link #named}).
   *
   * @throws UncheckedIOException when a folder cannot be listed
   */
  public static List<String> installed(List<Path> storeDirs) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (Path dir : storeDirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.map(f -> f.getFileName().toString())
            .filter(f -> f.endsWith(DESCRIPTOR_SUFFIX) && f.length() > DESCRIPTOR_SUFFIX.length())
            .map(f -> f.substring(0, f.length() - DESCRIPTOR_SUFFIX.length()))
            .filter(n -> !BUILT_IN.contains(n))
            .forEach(names::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the model store " + dir, e);
      }
    }
    return List.copyOf(names);
  }

  /** The file name ending of a pack descriptor in a model store. */
  public static final String DESCRIPTOR_SUFFIX = ".pack.properties";

  /**
   * This pack as a descriptor's text, every key written out, so that {@link #parse} of it gives
   * this pack again.
   *
   * @param comment lines to put first, as {@code #} comments
   */
  public String toProperties(List<String> comment) {
    StringBuilder s = new StringBuilder();
    comment.forEach(line -> s.append("# ").append(line).append('\n'));
    put(s, "name", name);
    put(s, "description", description);
    putSpec(s, "detector", detector);
    if (detection.zoomOut() > 0) {
      put(s, "detector.zoomOut", Double.toString(detection.zoomOut()));
    }
    if (detection.zoomOutAlways()) {
      put(s, "detector.zoomOut.always", "true");
    }
    if (!Float.isNaN(detection.threshold())) {
      put(s, "detector.threshold", Float.toString(detection.threshold()));
    }
    if (detection.inputSize() > 0) {
      put(s, "detector.size", Integer.toString(detection.inputSize()));
    }
    landmarker.ifPresent(l -> putSpec(s, "landmarker", l));
    turnedFaces.ifPresent(t -> {
      putSpec(s, "turned", t.model());
      put(s, "turned.minYaw", Double.toString(t.minYaw()));
    });
    putSpec(s, "embedder", embedder);
    put(s, "embedder.size", Integer.toString(embedding.size()));
    put(s, "embedder.channels", embedding.bgr() ? "BGR" : "RGB");
    put(s, "embedder.mean", Float.toString(embedding.mean()));
    put(s, "embedder.std", Float.toString(embedding.std()));
    boolean arcface = (embedding.size() % 112 == 0 || embedding.size() % 128 == 0)
        && embedding.alignment().equals(Alignment.arcface(embedding.size()));
    if (arcface) {
      put(s, "align", "arcface");
    } else {
      put(s, "align", "points");
      float[] pts = embedding.alignment().points();
      StringBuilder v = new StringBuilder();
      for (float f : pts) {
        v.append(v.isEmpty() ? "" : ",").append(f);
      }
      put(s, "align.points", v.toString());
    }
    if (embedding.dimension() > 0) {
      put(s, "embedder.dim", Integer.toString(embedding.dimension()));
    }
    put(s, "embedder.normalised", Boolean.toString(embedding.outputNormalised()));
    put(s, "embedder.id", templateModelId);
    if (licence.use() != Licence.Use.UNDECLARED) {
      put(s, "licence", licence.id());
      put(s, "licence.use", licence.use().key());
      put(s, "licence.trainingData", licence.trainingData());
      put(s, "licence.url", licence.url());
      put(s, "licence.accepted", licence.accepted());
    }
    for (int i = 0; i < card.size(); i++) {
      put(s, "card." + (i + 1), card.get(i));
    }
    return s.toString();
  }

  /** This pack with other card lines. */
  public ModelPack withCard(List<String> lines) {
    return new ModelPack(name, description, detector, landmarker, embedder, embedding, templateModelId, lines,
        detection, turnedFaces, licence);
  }

  /** This pack with its licence recorded as accepted by {@code who}. */
  public ModelPack withLicence(Licence terms) {
    return new ModelPack(name, description, detector, landmarker, embedder, embedding, templateModelId, card,
        detection, turnedFaces, terms);
  }

  private static void putSpec(StringBuilder s, String role, ModelSpec spec) {
    put(s, role, spec.kind());
    put(s, role + ".file", spec.file());
    put(s, role + ".sha256", spec.sha256());
  }

  private static void put(StringBuilder s, String key, String value) {
    // the .properties escapes a value needs: backslashes, line breaks, a leading blank
    String v = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    if (v.startsWith(" ")) {
      v = "\\" + v;
    }
    s.append(key).append('=').append(v).append('\n');
  }
}
