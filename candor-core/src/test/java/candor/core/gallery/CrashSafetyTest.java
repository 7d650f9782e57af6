package candor.core.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.model.Face;
import candor.core.store.FaceChange;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ingest in a child JVM, kills it with SIGKILL at seeded-random moments, and checks after
 * each kill that the reopened gallery's index holds exactly the faces the store committed.
 */
class CrashSafetyTest {

  private static final int IMAGES = 30;
  private static final int KILLS = 4;

  @TempDir Path tmp;
  private String classPath;

  @Test
  void kill_9_during_ingest_loses_no_committed_face_and_leaves_no_orphan() throws Exception {
    long seed = GalleryTestSupport.seed();
    Random random = new Random(seed);
    Path input = tmp.resolve("input");
    List<GalleryTestSupport.Person> people = GalleryTestSupport.people();
    List<String> digests = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      GalleryTestSupport.Person p = people.get(i % people.size());
      byte[] jpeg = GalleryTestSupport.jpeg(
          GalleryTestSupport.speckled(GalleryTestSupport.decode(p.enrol()), seed + i), 0.92f);
      GalleryTestSupport.write(input.resolve(p.name()).resolve(String.format("img_%02d.jpg", i)), jpeg);
      digests.add(Sha256.hex(jpeg));
    }
    Path data = tmp.resolve("data");
    classPath = snapshotClassPath(tmp.resolve("classpath"));
    long previousFaces = 0;
    for (int round = 0; round < KILLS; round++) {
      int commitEvery = 1 + random.nextInt(5);
      // Kill a random time after a random number of files, so that the kill lands inside the
      // ingest however fast this machine is: files already stored come back first as quick
      // duplicates, then about a third of the rest is left to do (0 files: while the first images
      // are analysed).
      int left = IMAGES - (int) previousFaces;
      int afterFiles = (int) previousFaces + random.nextInt(Math.max(1, left / 3));
      int delayMillis = random.nextInt(300);
      Process child = start(data, input, commitEvery, round);
      BlockingQueue<String> lines = lines(child);
      String first = lines.poll(120, TimeUnit.SECONDS);
      assertThat(first).as("child output; its log:%n%s", readLog(round)).isEqualTo("READY");
      List<String> seen = new ArrayList<>();
      while (afterFiles > 0) {
        String line = lines.poll(120, TimeUnit.SECONDS);
        assertThat(line).as("child output; its log:%n%s", readLog(round)).isNotNull();
        seen.add(line);
        if (line.startsWith("FINISHED") || line.equals("DONE " + afterFiles)) {
          break;
        }
      }
      Thread.sleep(delayMillis);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      lines.drainTo(seen);
      System.out.printf("round %d: commit every %d, killed %d ms after file %d; last output: %s%n",
          round, commitEvery, delayMillis, afterFiles, seen.isEmpty() ? "READY" : seen.getLast());
      long faces = checkIndexMatchesStore(data);
      assertThat(faces).isGreaterThanOrEqualTo(previousFaces);
      previousFaces = faces;
    }
    Process child = start(data, input, 7, KILLS);
    assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("final run: %s", readLog(KILLS)).isTrue();
    assertThat(child.exitValue()).as("final run: %s", readLog(KILLS)).isZero();
    assertThat(checkIndexMatchesStore(data)).isEqualTo(IMAGES);
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(data))) {
      for (String digest : digests) {
        assertThat(gallery.store().gallery().findMedia("crash", digest)).as(digest).isPresent();
      }
      assertThat(gallery.store().audit().verify().isIntact()).isTrue();
    }
  }

  /** Reopens the gallery (replaying) and checks it; returns the number of faces. */
  private static long checkIndexMatchesStore(Path data) {
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(data))) {
      List<Face> faces = new ArrayList<>();
      for (FaceChange change : gallery.store().gallery().changesSince(0, 10_000)) {
        if (change instanceof FaceChange.Added added) {
          faces.add(added.face());
        }
      }
      assertThat(faces).hasSize((int) gallery.store().gallery().faceCount());
      assertThat(gallery.indexStats().count()).as("index count").isEqualTo(faces.size());
      for (Face face : faces) {
        List<SearchHit> hits = gallery.search(new SearchRequest(face.template(), 1,
            Set.of(face.collection()), face.modelId()));
        assertThat(hits).as("face %d", face.id()).isNotEmpty();
        assertThat(hits.getFirst().id()).as("face %d", face.id()).isEqualTo(face.id());
      }
      assertThat(gallery.indexCommittedSequence()).isEqualTo(gallery.store().gallery().maxSequence());
      return faces.size();
    }
  }

  private String readLog(int round) {
    try {
      return Files.readString(log(round));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private Path log(int round) {
    return tmp.resolve("child-" + round + ".log");
  }

  private Process start(Path data, Path input, int commitEvery, int round) throws IOException {
    return startIngestChild(classPath, log(round), List.of(data.toString(), input.toString(),
        Integer.toString(commitEvery)));
  }

  /**
   * Starts {@link IngestChild} with {@code args} on a class path from {@link
   * #snapshotClassPath}, its standard error going to {@code log}.
   */
  static Process startIngestChild(String classPath, Path log, List<String> args)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx512m", "-cp", classPath));
    String models = System.getProperty("candor.models.dir");
    if (models != null) {
      command.add("-Dcandor.models.dir=" + models);
    }
    command.add(IngestChild.class.getName());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectError(log.toFile())
        .start();
  }

  /**
   * Copies the class-path folders (and the project's own jars) into {@code into}, so that a
   * rebuild of the project while the test runs cannot change the classes a child loads; returns
   * the class path to start children with. Surefire's manifest-only booter jar is unpacked into
   * its entries.
   */
  static String snapshotClassPath(Path into) throws IOException {
    List<Path> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName().toString().startsWith("surefirebooter")) {
        try (JarFile jar = new JarFile(path.toFile())) {
          String manifest = jar.getManifest().getMainAttributes().getValue("Class-Path");
          for (String url : manifest.trim().split("\\s+")) {
            entries.add(Path.of(path.toUri().resolve(url)));
          }
        }
      } else {
        entries.add(path);
      }
    }
    List<String> copied = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Path entry = entries.get(i);
      boolean ours = Files.isDirectory(entry) || entry.getFileName().toString().startsWith("candor-");
      if (ours == false || Files.exists(entry) == false) {
        copied.add(entry.toString());
        continue;
      }
      Path target = into.resolve(i + "-" + entry.getFileName());
      try (Stream<Path> files = Files.walk(entry)) {
        for (Path file : files.toList()) {
          Path to = target.resolve(entry.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.createDirectories(to.getParent());
            Files.copy(file, to);
          }
        }
      }
      copied.add(target.toString());
    }
    return String.join(File.pathSeparator, copied);
  }

  static BlockingQueue<String> lines(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the child was killed: its pipe closes
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

}
