package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.BASIS;
import static candor.core.gallery.GalleryTestSupport.ingest;
import static candor.core.gallery.GalleryTestSupport.people;
import static candor.core.gallery.GalleryTestSupport.request;
import static candor.core.gallery.GalleryTestSupport.write;
import static candor.core.gallery.GalleryTestSupport.writePeople;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEntry;
import candor.core.eval.FaceChoice;
import candor.core.model.Face;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.FaceChange;
import candor.core.store.StoreConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestServiceTest {

  @TempDir Path tmp;

  private Gallery open() {
    return Gallery.open(GalleryConfig.defaults(tmp.resolve("data")));
  }

  private static List<Face> allFaces(Gallery gallery) {
    return gallery.store().gallery().changesSince(0, 10_000).stream()
        .filter(c -> c instanceof FaceChange.Added)
        .map(c -> ((FaceChange.Added) c).face()).toList();
  }

  @Test
  void enrols_one_subject_per_folder_with_sealed_crops() throws IOException {
    Path input = tmp.resolve("in");
    writePeople(input, true);
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("people", true), false, input);
      assertThat(summary.errors()).isEmpty();
      assertThat(summary.files()).isEqualTo(12);
      assertThat(summary.faces()).isEqualTo(12);
      assertThat(summary.subjectsCreated()).isEqualTo(6);
      assertThat(summary.createdCollection()).isNotNull();
      for (GalleryTestSupport.Person p : people()) {
        Subject subject = gallery.store().gallery()
            .findSubjectByExternalRef("people", p.name()).orElseThrow();
        assertThat(subject.displayName()).isEqualTo(p.name().replace('_', ' '));
        assertThat(subject.basis()).isEqualTo(BASIS);
        assertThat(subject.retainUntil())
            .isEqualTo(LocalDate.now(ZoneOffset.UTC).plusYears(1));
        List<Face> faces = gallery.store().gallery().facesOfSubject(subject.id());
        assertThat(faces).hasSize(2);
        for (Face face : faces) {
          byte[] crop = gallery.openCrop(face).orElseThrow();
          BufferedImage image = ImageIO.read(new ByteArrayInputStream(crop));
          assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(256);
          // sealed on disk: the file is not the JPEG
          byte[] onDisk = Files.readAllBytes(gallery.resolve(face.cropPath()));
          assertThat(onDisk).isNotEqualTo(crop);
          assertThat(Sha256.hex(crop)).isEqualTo(face.cropSha256());
        }
      }
      assertThat(gallery.indexStats().count()).isEqualTo(12);
      assertThat(gallery.indexCommittedSequence()).isEqualTo(gallery.store().gallery().maxSequence());
      assertThat(Files.exists(tmp.resolve("data/originals"))).isFalse();
    }
  }

  @Test
  void a_rerun_skips_every_image_as_a_duplicate() {
    Path input = tmp.resolve("in");
    writePeople(input, true);
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, input);
      IngestSummary again = ingest(gallery, request("people", true), false, input);
      assertThat(again.files()).isEqualTo(12);
      assertThat(again.skippedDuplicates()).isEqualTo(12);
      assertThat(again.faces()).isZero();
      assertThat(again.createdCollection()).isNull();
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(12);
    }
  }

  @Test
  void the_same_bytes_twice_in_one_batch_are_stored_once() {
    byte[] enrol = people().getFirst().enrol();
    write(tmp.resolve("in/one.jpg"), enrol);
    write(tmp.resolve("in/two.jpg"), enrol);
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("archive", false), false, tmp.resolve("in"));
      assertThat(summary.mediaStored()).isEqualTo(1);
      assertThat(summary.skippedDuplicates()).isEqualTo(1);
    }
  }

  @Test
  void a_bad_file_is_reported_and_the_rest_ingested() {
    Path input = tmp.resolve("in");
    writePeople(input, false);
    write(input.resolve("person_s1f0/broken.jpg"), "not a jpeg at all".getBytes());
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("people", true), false, input,
          tmp.resolve("missing.jpg"));
      assertThat(summary.succeeded()).isFalse();
      assertThat(summary.errors()).extracting(FileError::file).containsExactly(
          tmp.resolve("missing.jpg").toString(), input.resolve("person_s1f0/broken.jpg").toString());
      assertThat(summary.errors().get(0).error()).isEqualTo(tmp.resolve("missing.jpg") + ": no such file or folder");
      assertThat(summary.errors().get(1).error()).startsWith(input.resolve("person_s1f0/broken.jpg").toString() + ": ");
      assertThat(summary.files()).isEqualTo(8);
      assertThat(summary.faces()).isEqualTo(6);
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(6);
    }
  }

  @Test
  void a_link_to_nothing_is_reported_and_a_link_to_a_photo_ingested() throws IOException {
    Path input = tmp.resolve("in");
    writePeople(input, false);
    Path photo = Files.list(input.resolve("person_s1f0")).sorted().findFirst().orElseThrow();
    Files.createDirectories(input.resolve("linked"));
    Files.createSymbolicLink(input.resolve("linked/there.jpg"), photo.toAbsolutePath());
    Files.createSymbolicLink(input.resolve("linked/gone.jpg"), tmp.resolve("nowhere.jpg"));
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("archive", false), false, input);
      assertThat(summary.succeeded()).isFalse();
      assertThat(summary.errors()).singleElement().satisfies(e -> {
        assertThat(e.file()).isEqualTo(input.resolve("linked/gone.jpg").toString());
        assertThat(e.error()).contains("a symbolic link to nothing")
            .contains(tmp.resolve("nowhere.jpg").toString());
      });
      // six photos, the link to one of them (the same bytes: stored once) and the broken link
      assertThat(summary.files()).isEqualTo(8);
      assertThat(summary.skippedDuplicates()).isEqualTo(1);
    }
  }

  @Test
  void an_image_without_a_face_is_stored_with_none_and_counted() throws IOException {
    BufferedImage grey = new BufferedImage(120, 90, BufferedImage.TYPE_3BYTE_BGR);
    write(tmp.resolve("in/wall.jpg"), GalleryTestSupport.jpeg(grey, 0.9f));
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("archive", false), false, tmp.resolve("in"));
      assertThat(summary.succeeded()).isTrue();
      assertThat(summary.withoutFace()).isEqualTo(1);
      assertThat(summary.mediaStored()).isEqualTo(1);
      String sha = Sha256.hex(Files.readAllBytes(tmp.resolve("in/wall.jpg")));
      assertThat(gallery.store().gallery().findMedia("archive", sha)).isPresent();
    }
  }

  @Test
  void without_subjects_every_face_of_a_group_photo_is_stored_unidentified() {
    write(tmp.resolve("in/group.jpg"), GalleryTestSupport.fixture(1));
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("archive", false), false, tmp.resolve("in"));
      assertThat(summary.faces()).isEqualTo(3);
      assertThat(allFaces(gallery)).allMatch(f -> f.subjectId() == null);
    }
  }

  @Test
  void with_subjects_only_the_subjects_face_of_a_group_photo_is_stored() {
    write(tmp.resolve("in/someone/group.jpg"), GalleryTestSupport.fixture(1));
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("people", true), false, tmp.resolve("in"));
      assertThat(summary.faces()).isEqualTo(1);
      assertThat(allFaces(gallery)).singleElement().matches(f -> f.subjectId() != null);

      // the central face, with the template the full analysis of the photo gives it (only that
      // face is embedded: the engine skips the bystanders)
      candor.vision.ImageAnalysis full = GalleryTestSupport.pipeline().analyze(
          GalleryTestSupport.loader(), GalleryTestSupport.fixture(1), "group.jpg", true);
      assertThat(full.faces()).hasSize(3);
      candor.vision.Face central = FaceChoice.CENTRAL.choose(full.faces(), full.width(),
          full.height()).orElseThrow();
      Face stored = allFaces(gallery).getFirst();
      assertThat(stored.box().x()).isEqualTo(central.box().x());
      assertThat(stored.box().y()).isEqualTo(central.box().y());
      assertThat(stored.template()).containsExactly(central.template().values());
    }
  }

  @Test
  void first_per_folder_keeps_the_first_image_of_folders_with_two_or_more() {
    Path input = tmp.resolve("in");
    writePeople(input, true);
    write(input.resolve("loner/a.jpg"), people().getFirst().probe());
    try (IngestSource source = IngestSource.scan(List.of(input), true)) {
      assertThat(source.items()).hasSize(6);
      assertThat(source.items()).allMatch(i -> i.name().endsWith("/a.jpg"));
      assertThat(source.items()).noneMatch(i -> i.folderName().equals("loner"));
    }
  }

  @Test
  void first_n_per_folder_keeps_the_first_n_of_folders_with_more_and_probes_start_after() throws IOException {
    Path input = tmp.resolve("in");
    writePeople(input, true);
    Path first = input.resolve(people().getFirst().name());
    write(first.resolve("c.jpg"), people().get(1).probe());
    try (IngestSource source = IngestSource.scan(List.of(input), 2)) {
      assertThat(source.items()).extracting(IngestItem::name)
          .containsExactly(first.resolve("a.jpg").toString(), first.resolve("b.jpg").toString());
    }
    assertThat(GalleryIdentification.probes(input, 3)).containsExactly(first.resolve("c.jpg"));
    assertThat(GalleryIdentification.probes(input, 2)).hasSize(7)
        .noneMatch(p -> p.getFileName().toString().equals("a.jpg"));
    assertThatThrownBy(() -> GalleryIdentification.probes(input, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reads_zip_entries_named_archive_bang_entry() throws IOException {
    Path zip = tmp.resolve("people.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      for (GalleryTestSupport.Person p : people().subList(0, 2)) {
        z.putNextEntry(new ZipEntry("lfw/" + p.name() + "/a.jpg"));
        z.write(p.enrol());
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry("lfw/readme.txt"));
      z.write("ignored".getBytes());
      z.closeEntry();
    }
    try (Gallery gallery = open()) {
      IngestSummary summary = ingest(gallery, request("people", true), false, zip);
      assertThat(summary.errors()).isEmpty();
      assertThat(summary.files()).isEqualTo(2);
      Subject first = gallery.store().gallery()
          .findSubjectByExternalRef("people", people().getFirst().name()).orElseThrow();
      Face face = gallery.store().gallery().facesOfSubject(first.id()).getFirst();
      Media media = gallery.store().gallery().findMedia("people", face.mediaSha256()).orElseThrow();
      assertThat(media.source()).isEqualTo(
          zip.toAbsolutePath() + "!lfw/" + people().getFirst().name() + "/a.jpg");
    }
  }

  @Test
  void keeps_sealed_originals_only_when_the_collection_says_so() throws IOException {
    Path input = tmp.resolve("in");
    writePeople(input, false);
    IngestRequest base = request("kept", true);
    IngestRequest keep = new IngestRequest("kept", BASIS, null, "https://example.org/set/",
        "tester", true, FaceChoice.CENTRAL, GalleryTestSupport.newCollection("kept", true), 2, 2);
    try (Gallery gallery = open()) {
      ingest(gallery, keep, false, input);
      GalleryTestSupport.Person p = people().getFirst();
      String sha = Sha256.hex(p.enrol());
      Path original = gallery.resolve(GalleryFiles.originalPath("kept", sha));
      assertThat(original).exists();
      assertThat(Files.readAllBytes(original)).isNotEqualTo(p.enrol());
      Face face = gallery.store().gallery().facesInMedia("kept", sha).getFirst();
      assertThat(gallery.store().gallery().openCrop(face, Files.readAllBytes(original)))
          .isEqualTo(p.enrol());
      assertThat(gallery.store().gallery().findMedia("kept", sha).orElseThrow().source())
          .isEqualTo("https://example.org/set/" + p.name() + "/a.jpg");
      assertThat(base.createIfMissing().keepOriginals()).isFalse();
    }
  }

  /**
   * A face is committed before its crop is sealed with its key and written; a crash in between is
   * simulated by deleting what the first run wrote after its commits.
   */
  @Test
  void a_rerun_restores_the_crops_and_original_that_a_crash_left_unwritten() throws IOException {
    Path input = tmp.resolve("in");
    writePeople(input, true);
    IngestRequest keep = new IngestRequest("kept", BASIS, null, null, "tester", true,
        FaceChoice.CENTRAL, GalleryTestSupport.newCollection("kept", true), 2, 1_000);
    try (Gallery gallery = open()) {
      ingest(gallery, keep, false, input);
      List<Face> faces = allFaces(gallery);
      Face first = faces.get(0);
      Face second = faces.get(5);
      Files.delete(gallery.resolve(first.cropPath()));
      Files.delete(gallery.resolve(second.cropPath()));
      Path original = gallery.resolve(GalleryFiles.originalPath("kept", second.mediaSha256()));
      Files.delete(original);

      IngestSummary again = ingest(gallery, keep, false, input);
      assertThat(again.errors()).isEmpty();
      assertThat(again.skippedDuplicates()).isEqualTo(12);
      assertThat(again.filesRestored()).isEqualTo(3);
      assertThat(again.faces()).isZero();
      for (Face face : List.of(first, second)) {
        byte[] crop = gallery.openCrop(face).orElseThrow();
        assertThat(Sha256.hex(crop)).isEqualTo(face.cropSha256());
      }
      assertThat(Sha256.hex(gallery.store().gallery().openCrop(second, Files.readAllBytes(original))))
          .isEqualTo(second.mediaSha256());
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(12);
      assertThat(ingest(gallery, keep, false, input).filesRestored()).isZero();
    }
  }

  @Test
  void a_missing_crop_that_cannot_be_cut_again_is_reported_and_nothing_written() throws Exception {
    Path input = tmp.resolve("in");
    writePeople(input, false);
    Face face;
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, input);
      face = allFaces(gallery).getFirst();
      Files.delete(gallery.resolve(face.cropPath()));
    }
    // a crop that no longer matches its image: the stored digest names other bytes
    try (Connection c = DriverManager.getConnection(
            "jdbc:sqlite:" + tmp.resolve("data").resolve(StoreConfig.SQLITE_FILE_NAME));
        PreparedStatement update = c.prepareStatement("UPDATE faces SET crop_sha256 = ? WHERE id = ?")) {
      update.setString(1, "0".repeat(64));
      update.setLong(2, face.id());
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    try (Gallery gallery = open()) {
      IngestSummary again = ingest(gallery, request("people", true), false, input);
      assertThat(again.errors()).singleElement().satisfies(e -> assertThat(e.error())
          .contains("crop of stored face " + face.id()).contains("stored digest"));
      assertThat(again.filesRestored()).isZero();
      assertThat(again.skippedDuplicates()).isEqualTo(5);
      assertThat(gallery.resolve(face.cropPath())).doesNotExist();
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(6);
    }
  }

  @Test
  void audits_each_image_without_biometric_data() {
    Path input = tmp.resolve("in");
    writePeople(input, false);
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, input);
      List<AuditEntry> entries = gallery.store().audit().entries(0, 100);
      assertThat(entries).extracting(AuditEntry::action)
          .containsExactly("collection.create", "media.ingest", "media.ingest", "media.ingest",
              "media.ingest", "media.ingest", "media.ingest");
      AuditEntry media = entries.get(1);
      assertThat(media.actor()).isEqualTo("tester");
      assertThat(media.detailsJson()).contains("\"basis_kind\":\"authority\"",
          "\"basis_reference\":\"test order 1\"", "\"faces\":1");
      assertThat(gallery.store().audit().verify().isIntact()).isTrue();
    }
  }

  @Test
  void refuses_a_retain_until_date_beyond_the_collections_retention() {
    Path input = tmp.resolve("in");
    writePeople(input, false);
    LocalDate tooLate = LocalDate.now(ZoneOffset.UTC).plusYears(2);
    IngestRequest request = new IngestRequest("people", BASIS, tooLate, null, "tester", true,
        FaceChoice.CENTRAL, GalleryTestSupport.newCollection("people", false), 1, 10);
    try (Gallery gallery = open()) {
      assertThatThrownBy(() -> ingest(gallery, request, false, input))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("retain-until " + tooLate + " is beyond collection 'people''s retention of P1Y"
              + " (until " + LocalDate.now(ZoneOffset.UTC).plusYears(1) + ")");
      LocalDate past = LocalDate.now(ZoneOffset.UTC).minusDays(1);
      IngestRequest old = new IngestRequest("people", BASIS, past, null, "tester", true,
          FaceChoice.CENTRAL, null, 1, 10);
      assertThatThrownBy(() -> ingest(gallery, old, false, input))
          .hasMessage("retain-until " + past + " is in the past");
    }
  }

  @Test
  void refuses_a_missing_collection_unless_asked_to_create_it() {
    IngestRequest request = new IngestRequest("absent", BASIS, null, null, "tester", false,
        FaceChoice.CENTRAL, null, 1, 10);
    try (Gallery gallery = open()) {
      assertThatThrownBy(() -> ingest(gallery, request, false, tmp))
          .isInstanceOf(CollectionNotFoundException.class)
          .hasMessage("collection 'absent' does not exist");
    }
  }

  @Test
  void requires_a_lawful_basis() {
    assertThatThrownBy(() -> new IngestRequest("people", null, null, null, "tester", true,
        FaceChoice.CENTRAL, null, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an ingest requires a lawful basis: consent or authority, with its reference");
  }
}
