package candor.vision.install;

import candor.vision.onnx.ModelException;
import candor.vision.onnx.OnnxModel;
import candor.vision.onnx.PackGraphCheck;
import candor.vision.pack.Licence;
import candor.vision.pack.ModelPack;
import candor.vision.pack.ModelSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Installs model files and packs into a model store folder ({@code DATA/models}).
 *
 * <p>A pack install is all or nothing: the licence is checked first (terms marked non-commercial or
 * research-only need the installer to name them, {@code --accept-licence ID}); every file is
 * copied into a staging folder inside the store and its SHA-256 compared with the one given; the
 * descriptor is checked against the staged graphs ({@link PackGraphCheck}); only then do the files
 * move into the store and, last, the descriptor {@code NAME.pack.properties} is written, recording
 * who accepted the licence and when. A refusal at any step leaves the store as it was.
 *
 * <p>Not thread-safe against another install into the same store; one install at a time.
 */
public final class PackInstaller {

  /** Pack names: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final Path store;
  private final List<Path> searchDirs;
  private final Clock clock;

  /**
   * @param store the folder installs write to
   * @param searchDirs every model folder packs are read from, {@code store} first (the shipped
   *     models after it)
   * @param clock when acceptances are recorded
   */
  public PackInstaller(Path store, List<Path> searchDirs, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.searchDirs = List.copyOf(searchDirs);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What a pack install did.
   *
   * @param pack the installed pack, as its descriptor now says
   * @param descriptor the descriptor file written
   * @param files the model files the pack uses, where they are now
   * @param models one line per graph, from the check
   */
  public record Installed(ModelPack pack, Path descriptor, List<Path> files, List<String> models) {
    /** Copies. */
    public Installed {
      files = List.copyOf(files);
      models = List.copyOf(models);
    }
  }

  /**
   * Installs one model file: copied into the store under {@code fileName} only when its SHA-256 is
   * {@code sha256}.
   *
   * @param source the file
   * @param label what messages call it (its path, or the URL it was downloaded from)
   * @param sha256 its expected SHA-256, 64 hex digits
   * @param fileName its name in the store
   * @return where it is now
   * @throws IllegalArgumentException when the file is missing or its hash differs (nothing installed)
   */
  public Path installFile(Path source, String label, String sha256, String fileName) {
    String expected = checkedHash(sha256, "--sha256");
    Path tmp = null;
    try {
      Files.createDirectories(store);
      if (!Files.isRegularFile(source)) {
        throw new IllegalArgumentException(label + ": file not found");
      }
      tmp = Files.createTempFile(store, ".install-", ".part");
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      requireHash(label, tmp, expected);
      Path target = store.resolve(fileName);
      move(tmp, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install " + source + " into " + store, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Installs a pack of a known layout.
   *
   * @param name the pack's name: lower case, not a built-in pack's, not installed yet
   * @param layout what the source is
   * @param source the EdgeFace {@code .onnx} file, or the InsightFace folder
   * @param hashes the expected SHA-256 of each source file, by file name ({@code ""} for the only
   *     file of an EdgeFace install)
   * @param acceptedLicence the licence id the installer accepts, or null
   * @param acceptedBy who accepts it (the operating-system user), recorded with the time
   * @return what was installed
   * @throws IllegalArgumentException when the name is taken or bad, a file is missing, a hash is
   *     missing or differs, or the licence needs accepting and was not (nothing installed)
   * @throws candor.vision.onnx.ModelException when a graph disagrees with the layout (nothing installed)
   */
  public Installed installLayout(String name, PackLayout layout, Path source, Map<String, String> hashes,
      String acceptedLicence, String acceptedBy) {
    checkName(name);
    Licence terms = accept(name, layout.licence(), acceptedLicence, acceptedBy);
    Map<String, Path> files = new LinkedHashMap<>();
    ModelSpec detector = null;
    ModelSpec embedder;
    switch (layout) {
      case EDGEFACE -> {
        if (!Files.isRegularFile(source)) {
          throw new IllegalArgumentException(source + ": file not found (an EdgeFace install takes the .onnx file)");
        }
        String file = source.getFileName().toString();
        String hash = hashes.containsKey(file) ? hashes.get(file) : hashes.get("");
        embedder = new ModelSpec("arcface", file, requireGiven(hash, file, source));
        files.put(file, source);
      }
      case INSIGHTFACE -> {
        if (!Files.isDirectory(source)) {
          throw new IllegalArgumentException(source + ": folder not found (an InsightFace install takes the model"
              + " folder holding det_*.onnx and w600k_*.onnx)");
        }
        Path det = only(source, "det_");
        Path rec = only(source, "w600k_");
        String detName = det.getFileName().toString();
        String recName = rec.getFileName().toString();
        detector = new ModelSpec("scrfd", detName, requireGiven(hashes.get(detName), detName, det));
        embedder = new ModelSpec("arcface", recName, requireGiven(hashes.get(recName), recName, rec));
        files.put(detName, det);
        files.put(recName, rec);
        for (String given : hashes.keySet()) {
          if (!given.isEmpty() && !files.containsKey(given)) {
            throw new IllegalArgumentException("--sha256 names " + given + ", which is not one of the pack's files "
                + files.keySet());
          }
        }
      }
      default -> throw new IllegalStateException("unknown layout " + layout);
    }
    // the dimension comes from the graph: describe without it, check, then describe with it
    ModelPack draft = layout.describe(name, detector, embedder, 0).withLicence(terms);
    return install(draft, files, report -> layout.describe(name, draft.detector(), embedder, report.dimension())
        .withLicence(terms));
  }

  /**
   * Installs a descriptor written by hand, {@code NAME.pack.properties}: its model files are taken
   * from beside it, or from the store when already installed.
   *
   * @param descriptor the descriptor file
   * @param acceptedLicence the licence id the installer accepts, or null
   * @param acceptedBy who accepts it
   * @return what was installed
   * @throws IllegalArgumentException when the descriptor is malformed, its name taken, a file
   *     missing or of another hash, or its licence needs accepting (nothing installed)
   * @throws candor.vision.onnx.ModelException when a graph disagrees with the descriptor (nothing installed)
   */
  public Installed installDescriptor(Path descriptor, String acceptedLicence, String acceptedBy) {
    if (!Files.isRegularFile(descriptor)) {
      throw new IllegalArgumentException(descriptor + ": file not found");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(descriptor, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException(descriptor + ": cannot read pack descriptor (" + e.getMessage() + ")", e);
    }
    ModelPack pack = ModelPack.parse(descriptor.toString(), p);
    checkName(pack.name());
    if (pack.licence().use() == Licence.Use.UNDECLARED) {
      throw new IllegalArgumentException(descriptor + ": declare the models' licence (licence, licence.use,"
          + " licence.trainingData) to install a pack");
    }
    Licence terms = accept(pack.name(), pack.licence(), acceptedLicence, acceptedBy);
    Map<String, Path> files = new LinkedHashMap<>();
    Path beside = descriptor.toAbsolutePath().getParent();
    for (ModelSpec spec : pack.files()) {
      Path here = beside.resolve(spec.file());
      if (Files.isRegularFile(here) && !here.getParent().equals(store.toAbsolutePath())) {
        files.put(spec.file(), here);
      } else {
        ModelPack.locate(spec, searchDirs); // says how to install a missing one
      }
    }
    ModelPack accepted = pack.withLicence(terms);
    return install(accepted, files, report -> accepted);
  }

  /** Stages, checks and moves the files, then writes the descriptor. */
  private Installed install(ModelPack draft, Map<String, Path> sources,
      java.util.function.Function<PackGraphCheck.Report, ModelPack> finalPack) {
    Path staging = null;
    try {
      Files.createDirectories(store);
      Path descriptorFile = store.resolve(draft.name() + ModelPack.DESCRIPTOR_SUFFIX);
      if (Files.exists(descriptorFile)) {
        throw new IllegalArgumentException("pack '" + draft.name() + "' is already installed (" + descriptorFile
            + "); choose another name or remove that file first");
      }
      staging = Files.createTempDirectory(store, ".staging-");
      Map<String, ModelSpec> specs = new LinkedHashMap<>();
      draft.files().forEach(s -> specs.put(s.file(), s));
      for (Map.Entry<String, Path> e : sources.entrySet()) {
        ModelSpec spec = specs.get(e.getKey());
        Path staged = staging.resolve(e.getKey());
        Files.copy(e.getValue(), staged);
        requireHash(e.getValue().toString(), staged, spec.sha256());
        Path existing = store.resolve(e.getKey());
        if (Files.exists(existing) && !OnnxModel.sha256(existing).equals(spec.sha256())) {
          throw new IllegalArgumentException(existing + " is already in the store with SHA-256 "
              + OnnxModel.sha256(existing) + ", not " + spec.sha256() + "; nothing installed");
        }
      }
      List<Path> dirs = new ArrayList<>();
      dirs.add(staging);
      dirs.addAll(searchDirs);
      PackGraphCheck.Report report;
      try {
        report = PackGraphCheck.check(draft, dirs);
      } catch (ModelException e) {
        // name the file the installer gave, not its staged copy
        String message = e.getMessage();
        for (Map.Entry<String, Path> source : sources.entrySet()) {
          message = message.replace(staging.resolve(source.getKey()).toString(), source.getValue().toString());
        }
        throw new ModelException(message + "; nothing installed", e);
      }
      ModelPack pack = finalPack.apply(report);
      requireDistinctTemplates(pack);
      for (String file : sources.keySet()) {
        Path target = store.resolve(file);
        if (!Files.exists(target)) {
          move(staging.resolve(file), target);
        }
      }
      Path tmp = store.resolve("." + draft.name() + ".pack.tmp");
      Files.writeString(tmp, pack.toProperties(List.of("Installed by candor models install on "
          + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "; checked against its graphs.")), StandardCharsets.UTF_8);
      move(tmp, descriptorFile);
      List<Path> located = pack.files().stream().map(s -> ModelPack.locate(s, searchDirs)).toList();
      return new Installed(pack, descriptorFile, located, report.models());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install pack '" + draft.name() + "' into " + store, e);
    } finally {
      deleteTree(staging);
    }
  }

  /**
   * Refuses a pack whose template id another pack already uses for another embedder: equal ids
   * promise comparable templates.
   */
  private void requireDistinctTemplates(ModelPack pack) {
    List<String> names = new ArrayList<>(ModelPack.BUILT_IN);
    names.addAll(ModelPack.installed(searchDirs));
    for (String other : names) {
      ModelPack o;
      try {
        o = ModelPack.named(other, searchDirs);
      } catch (IllegalArgumentException e) {
        continue; // a broken descriptor of another pack is not this install's concern
      }
      if (o.templateModelId().equals(pack.templateModelId())
          && (!o.embedder().sha256().equals(pack.embedder().sha256()) || !o.embedding().equals(pack.embedding()))) {
        throw new IllegalArgumentException("pack '" + pack.name() + "': template model id " + pack.templateModelId()
            + " is pack '" + other + "''s, for another embedder; give embedder.id a new value");
      }
    }
  }

  private Licence accept(String pack, Licence terms, String acceptedLicence, String acceptedBy) {
    if (!terms.use().needsAcceptance()) {
      return terms;
    }
    if (acceptedLicence == null || !acceptedLicence.equals(terms.id())) {
      throw new IllegalArgumentException("pack '" + pack + "': its models are licensed " + terms.summary()
          + (terms.url().isEmpty() ? "" : ", see " + terms.url()) + ". Install it only if your use is allowed,"
          + " with --accept-licence " + terms.id()
          + (acceptedLicence == null ? "" : " (you accepted '" + acceptedLicence + "')") + "; nothing installed");
    }
    return terms.acceptedBy(acceptedBy + " " + clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("pack name must be lower-case letters, digits, '.', '_' or '-' (at most 64),"
          + " got '" + name + "'");
    }
    if (ModelPack.BUILT_IN.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is a built-in pack; choose another name");
    }
  }

  private static Path only(Path folder, String prefix) {
    List<Path> found;
    try (Stream<Path> s = Files.list(folder)) {
      found = s.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".onnx"))
          .sorted(Comparator.naturalOrder()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    if (found.size() != 1) {
      throw new IllegalArgumentException(folder + ": expected one " + prefix + "*.onnx, found "
          + found.stream().map(f -> f.getFileName().toString()).toList());
    }
    return found.getFirst();
  }

  private static String requireGiven(String hash, String file, Path source) {
    if (hash == null) {
      String actual;
      try {
        actual = OnnxModel.sha256(source);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source, e);
      }
      throw new IllegalArgumentException("no --sha256 for " + file + ": give the SHA-256 its publisher states"
          + " (this file's is " + actual + "), as --sha256 " + file + "=HASH; nothing installed");
    }
    return checkedHash(hash, "--sha256 " + file);
  }

  private static String checkedHash(String hash, String what) {
    if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(what + " must be 64 hex digits, got '" + hash + "'");
    }
    return hash.toLowerCase(Locale.ROOT);
  }

  private static void requireHash(String source, Path copy, String expected) throws IOException {
    String actual = OnnxModel.sha256(copy);
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(source + ": SHA-256 is " + actual + ", expected " + expected
          + "; nothing installed");
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stray temporary file in the store is harmless; the next install makes its own
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(PackInstaller::deleteQuietly);
    } catch (IOException ignored) {
      // as above
    }
  }
}
