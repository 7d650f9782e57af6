package candor.vision.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A model pack descriptor: which detector, landmarker and embedder a pipeline uses.
 *
 * <p>Descriptors are {@code .properties} files: built-in ones ship as resources
 * ({@code default}, {@code yunet}); others can be dropped into a model store folder as
 * {@code NAME.pack.properties}.
 *
 * @param name pack name
 * @param description one line for {@code candor models list}
 * @param detector the detector model
 * @param landmarker the landmark model; empty when the detector gives landmarks itself
 * @param embedder the embedding model
 * @param embedderBgr whether the embedder takes B,G,R planes
 * @param templateModelId the id stamped on every template; equal ids mean comparable templates
 * @param card measured figures, one line each ({@code card.N} keys), as {@code candor eval} reported them
 * @param detection how the detector searches ({@code detector.zoomOut}, {@code detector.threshold})
 * @param turnedFaces a second model for faces turned away, or empty
 */
public record ModelPack(
    String name,
    String description,
    ModelSpec detector,
    Optional<ModelSpec> landmarker,
    ModelSpec embedder,
    boolean embedderBgr,
    String templateModelId,
    List<String> card,
    DetectionSettings detection,
    Optional<TurnedFaces> turnedFaces) {

  /** Names of the packs that ship with Candor. */
  public static final List<String> BUILT_IN = List.of("default", "yunet");

  public ModelPack {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(landmarker, "landmarker");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(templateModelId, "templateModelId");
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

  static ModelPack parse(String source, Properties p) {
    String name = required(source, p, "name");
    ModelSpec detector = spec(source, p, "detector");
    Optional<ModelSpec> landmarker = p.containsKey("landmarker") ? Optional.of(spec(source, p, "landmarker")) : Optional.empty();
    ModelSpec embedder = spec(source, p, "embedder");
    String channels = p.getProperty("embedder.channels", "BGR");
    if (!channels.equals("BGR") && !channels.equals("RGB")) {
      throw new IllegalArgumentException(source + ": embedder.channels must be BGR or RGB, got " + channels);
    }
    return new ModelPack(name, p.getProperty("description", ""), detector, landmarker, embedder,
        channels.equals("BGR"), required(source, p, "embedder.id"), card(p), detection(source, p), turned(source, p));
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
      return new DetectionSettings(zoomOut, always, t == null ? Float.NaN : Float.parseFloat(t));
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
}
