package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.BASIS;
import static candor.core.gallery.GalleryTestSupport.filesHoldingTemplate;
import static candor.core.gallery.GalleryTestSupport.loader;
import static candor.core.gallery.GalleryTestSupport.modelsDir;
import static candor.core.gallery.GalleryTestSupport.newCollection;
import static candor.core.gallery.GalleryTestSupport.people;
import static candor.core.gallery.GalleryTestSupport.pipeline;
import static candor.core.gallery.GalleryTestSupport.query;
import static candor.core.gallery.GalleryTestSupport.writePeople;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEntry;
import candor.core.eval.FaceChoice;
import candor.core.model.Face;
import candor.core.model.Subject;
import candor.core.model.SubjectFaceCount;
import candor.core.store.ModelMismatchException;
import candor.core.store.PackStore;
import candor.vision.FacePipeline;
import candor.vision.VisionConfig;
import candor.vision.pack.ModelPack;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins down moving a gallery to another pack, on a real store (SQLite, and PostgreSQL when
 * {@code CANDOR_TEST_PG_URL} is set) and Lucene index: every face re-templated once, from its
 * kept original (exactly what ingesting with the new pack gives) or its crop; searches on the old
 * pack meanwhile; resuming after a stop part-way; erasure removing both templates; faces the new
 * pack cannot embed listed; the switch deleting the old templates and refusing the old pack after.
 *
 * <p>The second pack is the shipped models with R,G,B input (the embedder was trained on B,G,R:
 * another template model, slightly less accurate), so the test needs nothing beyond the project.
 */
class PackMigrationTest {

  @TempDir Path tmp;
  private PostgresSchema schema;

  /** The default pack's models feeding R,G,B planes: another template model, same dimension. */
  static ModelPack rgbPack() {
    Properties p = new Properties();
    try {
      p.load(new StringReader("""
          name=rgb
          detector=rfb320
          detector.file=fr_detect.onnx
          detector.sha256=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
          detector.zoomOut=0.5
          landmarker=landmark68
          landmarker.file=fr_landmark.onnx
          landmarker.sha256=f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258
          embedder=arcface112
          embedder.file=fr_feature.onnx
          embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
          embedder.channels=RGB
          embedder.dim=512
          embedder.id=rgb-512-rgb-87aacdfe
          licence=MIT
          licence.use=open
          """));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ModelPack.parse("rgb.pack.properties", p);
  }

  private static final class Rgb {
    static final FacePipeline PIPELINE = FacePipeline.open(rgbPack(), List.of(modelsDir()), VisionConfig.defaults());
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }

  private GalleryConfig config(boolean postgres) throws Exception {
    GalleryConfig config = GalleryConfig.defaults(tmp.resolve("data"));
    if (postgres) {
      schema = PostgresSchema.create();
      config = config.withPostgresql(schema.url());
    }
    return config;
  }

  private static ModelPack defaultPack() {
    return ModelPack.named("default", List.of(modelsDir()));
  }

  private static IngestRequest request(String collection, boolean keepOriginals) {
    return new IngestRequest(collection, BASIS, null, null, "tester", true, FaceChoice.CENTRAL,
        newCollection(collection, keepOriginals), 2, 1_000);
  }

  private static void ingest(Gallery gallery, FacePipeline engine, IngestRequest request, Path folder) {
    try (IngestSource source = IngestSource.scan(List.of(folder), false)) {
      new IngestService(gallery, engine, loader()).ingest(request, source, IngestProgress.Listener.NONE);
    }
  }

  private static PackMigration migration(Gallery gallery) {
    return PackMigration.onGallery(gallery, Rgb.PIPELINE, loader(), Clock.systemUTC());
  }

  /** Each subject's templates of a model, by external reference. */
  private static Map<String, List<float[]>> templates(Gallery gallery, String collection, String modelId) {
    Map<String, List<float[]>> out = new HashMap<>();
    for (SubjectFaceCount s : gallery.store().gallery().listSubjects(Optional.of(collection))) {
      out.put(s.subject().externalRef(), gallery.store().gallery().facesOfSubject(s.subject().id()).stream()
          .filter(f -> f.modelId().equals(modelId)).map(Face::template).toList());
    }
    return out;
  }

  @ParameterizedTest(name = "postgres={0}")
  @ValueSource(booleans = {false, true})
  void migrates_every_face_from_its_original_and_switches_searches_to_the_new_pack(boolean postgres)
      throws Exception {
    writePeople(tmp.resolve("in"), true);
    GalleryConfig config = config(postgres);
    String rgbModel = Rgb.PIPELINE.modelId();
    try (Gallery gallery = Gallery.open(config)) {
      ingest(gallery, pipeline(), request("people", true), tmp.resolve("in"));
      PackMigration migration = migration(gallery);
      PackStore.Migration m = migration.begin("admin", defaultPack(), Map.of());
      assertThat(m.fromPack()).isEqualTo("default");
      assertThat(m.toModel()).isEqualTo(rgbModel);
      assertThat(migration.counts()).isEqualTo(new PackStore.Counts(12, 0, 0));
      PackStore.Counts done = migration.run("admin", 2, PackMigration.Listener.NONE);
      assertThat(done).isEqualTo(new PackStore.Counts(12, 12, 0));
      assertThat(migration.failures()).isEmpty();

      // during the migration: both templates in store and index, subjects counted once, searches
      // on the old pack, naming it
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(24);
      assertThat(gallery.indexStats().count()).isEqualTo(24);
      assertThat(gallery.store().gallery().listSubjects(Optional.of("people")))
          .extracting(SubjectFaceCount::faces).containsOnly(2L);
      SearchService old = new SearchService(gallery, pipeline(), loader());
      SearchResult during = old.search(query(people().get(1).probe(), 3, "people"));
      assertThat(during.pack()).isEqualTo("default");
      assertThat(during.modelId()).isEqualTo("mbf512-bgr-87aacdfe");
      assertThat(during.candidates().getFirst().subject().externalRef()).isEqualTo(people().get(1).name());
      assertThat(gallery.store().packs().currentPack().orElseThrow().pack()).isEqualTo("default");

      // from a kept original, the new template is what ingesting with the new pack stores
      Map<String, List<float[]>> migrated = templates(gallery, "people", rgbModel);
      try (Gallery fresh = Gallery.open(GalleryConfig.defaults(tmp.resolve("fresh")))) {
        ingest(fresh, Rgb.PIPELINE, request("people", false), tmp.resolve("in"));
        Map<String, List<float[]>> direct = templates(fresh, "people", rgbModel);
        assertThat(migrated.keySet()).isEqualTo(direct.keySet());
        for (String person : direct.keySet()) {
          assertThat(migrated.get(person)).hasSize(2);
          // ingest order follows the workers, so the faces are matched as a set
          for (float[] t : migrated.get(person)) {
            assertThat(direct.get(person)).as("%s", person).anySatisfy(d -> assertThat(d).containsExactly(t));
          }
        }
      }

      List<String> oldCrops = gallery.store().gallery().listSubjects(Optional.of("people")).stream()
          .flatMap(s -> gallery.store().gallery().facesOfSubject(s.subject().id()).stream())
          .filter(f -> f.modelId().equals("mbf512-bgr-87aacdfe")).map(Face::cropPath).toList();
      PackMigration.Switched switched = PackMigration.switchTo(gallery, "admin", false, Map.of());
      assertThat(switched.retired()).isEqualTo(12);
      assertThat(switched.left()).isEmpty();
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(12);
      assertThat(gallery.indexStats().count()).isEqualTo(12);
      assertThat(gallery.store().packs().facesByModel()).containsExactly(Map.entry(rgbModel, 12L));
      assertThat(gallery.store().packs().currentPack().orElseThrow().pack()).isEqualTo("rgb");
      assertThat(gallery.store().packs().lastMigration().orElseThrow().state())
          .isEqualTo(PackStore.Migration.State.SWITCHED);
      for (String crop : oldCrops) {
        assertThat(gallery.resolve(crop)).doesNotExist();
      }
      for (SubjectFaceCount s : gallery.store().gallery().listSubjects(Optional.of("people"))) {
        for (Face f : gallery.store().gallery().facesOfSubject(s.subject().id())) {
          assertThat(gallery.openCrop(f)).as("new crop of face %d", f.id()).isPresent();
        }
      }

      assertThatThrownBy(() -> old.search(query(people().get(1).probe(), 3, "people")))
          .isInstanceOf(ModelMismatchException.class)
          .hasMessage("the gallery's current pack is rgb (templates " + rgbModel + "), this process runs templates"
              + " mbf512-bgr-87aacdfe: restart it with --model-pack rgb (or without --model-pack)");
      SearchResult after = new SearchService(gallery, Rgb.PIPELINE, loader())
          .search(query(people().get(1).probe(), 3, "people"));
      assertThat(after.pack()).isEqualTo("rgb");
      assertThat(after.candidates().getFirst().subject().externalRef()).isEqualTo(people().get(1).name());
      assertThat(gallery.store().audit().verify().isIntact()).isTrue();
      List<String> actions = gallery.store().audit().entries(0, 10_000).stream().map(AuditEntry::action).toList();
      assertThat(actions).contains("pack.migrate.start", "pack.migrate.batch", "pack.migrate.switch");
    }
    // the index holds what the store does after reopening
    try (Gallery again = Gallery.open(config)) {
      assertThat(again.replay().rebuilt()).isFalse();
      assertThat(again.indexStats().count()).isEqualTo(12);
    }
  }

  @Test
  void an_ingest_with_the_old_pack_after_the_switch_is_refused() {
    writePeople(tmp.resolve("in"), false);
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(tmp.resolve("data")))) {
      ingest(gallery, pipeline(), request("people", false), tmp.resolve("in"));
      PackMigration migration = migration(gallery);
      migration.begin("admin", defaultPack(), Map.of());
      migration.run("admin", 2, PackMigration.Listener.NONE);
      PackMigration.switchTo(gallery, "admin", false, Map.of());
      writePeople(tmp.resolve("more"), true);
      assertThatThrownBy(() -> ingest(gallery, pipeline(), request("people", false), tmp.resolve("more")))
          .isInstanceOf(ModelMismatchException.class)
          .hasMessageStartingWith("the gallery's current pack is rgb");
    }
  }

  @Test
  void resumes_after_a_stop_part_way_and_migrates_every_face_once_from_its_crop() {
    writePeople(tmp.resolve("in"), true);
    Path data = tmp.resolve("data");
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(data))) {
      ingest(gallery, pipeline(), request("people", false), tmp.resolve("in"));
      PackMigration first = migration(gallery).batchSize(5);
      first.begin("admin", defaultPack(), Map.of());
      RuntimeException stop = new RuntimeException("stopped");
      assertThatThrownBy(() -> first.run("admin", 2, counts -> {
        throw stop;
      })).isSameAs(stop);
      assertThat(first.counts()).isEqualTo(new PackStore.Counts(12, 5, 0));
      // a crash between a batch's commit and its crop files: one crop missing
      Face lost = gallery.store().packs().migratedFaces(gallery.store().packs().runningMigration().orElseThrow())
          .values().iterator().next();
      GalleryFiles.delete(data, lost.cropPath());

      PackMigration again = migration(gallery).batchSize(5);
      PackStore.Migration m = again.begin("admin", defaultPack(), Map.of());
      assertThat(gallery.openCrop(lost)).as("the crop written again on resume").isPresent();
      assertThat(again.run("admin", 2, PackMigration.Listener.NONE)).isEqualTo(new PackStore.Counts(12, 12, 0));
      Map<Long, Face> byReplaced = gallery.store().packs().migratedFaces(m);
      assertThat(byReplaced).hasSize(12);
      assertThat(byReplaced.values().stream().map(Face::id).distinct()).hasSize(12);
      List<String> actions = gallery.store().audit().entries(0, 10_000).stream().map(AuditEntry::action).toList();
      assertThat(actions).containsSubsequence("pack.migrate.start", "pack.migrate.batch", "pack.migrate.resume",
          "pack.migrate.batch");
      // from a crop the template is close to, not equal to, the original's
      SearchResult after = new SearchService(gallery, pipeline(), loader())
          .search(query(people().get(2).probe(), 1, "people"));
      assertThat(after.candidates().getFirst().subject().externalRef()).isEqualTo(people().get(2).name());
      PackMigration.switchTo(gallery, "admin", false, Map.of());
      SearchResult rgb = new SearchService(gallery, Rgb.PIPELINE, loader())
          .search(query(people().get(2).probe(), 1, "people"));
      assertThat(rgb.candidates().getFirst().subject().externalRef()).isEqualTo(people().get(2).name());
    }
  }

  @Test
  void erasing_a_subject_during_a_migration_removes_both_templates() {
    writePeople(tmp.resolve("in"), true);
    Path data = tmp.resolve("data");
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(data))) {
      ingest(gallery, pipeline(), request("people", true), tmp.resolve("in"));
      PackMigration migration = migration(gallery);
      migration.begin("admin", defaultPack(), Map.of());
      migration.run("admin", 2, PackMigration.Listener.NONE);
      Subject victim = gallery.store().gallery().findSubjectByExternalRef("people", people().getFirst().name())
          .orElseThrow();
      List<Face> faces = gallery.store().gallery().facesOfSubject(victim.id());
      assertThat(faces).hasSize(4).extracting(Face::modelId)
          .containsOnly("mbf512-bgr-87aacdfe", Rgb.PIPELINE.modelId());

      ErasureResult erased = new ErasureService(gallery).eraseSubject("dpo", victim.id());
      assertThat(erased.facesErased()).isEqualTo(4);
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(20);
      assertThat(gallery.indexStats().count()).isEqualTo(20);
      for (Face f : faces) {
        assertThat(gallery.resolve(f.cropPath())).doesNotExist();
        assertThat(filesHoldingTemplate(data, f.template())).as("template of face %d", f.id()).isEmpty();
      }
      assertThat(migration.counts()).isEqualTo(new PackStore.Counts(10, 10, 0));
      assertThat(PackMigration.switchTo(gallery, "admin", false, Map.of()).retired()).isEqualTo(10);
    }
  }

  @Test
  void lists_faces_the_new_pack_cannot_embed_and_leaves_them_only_when_told() {
    writePeople(tmp.resolve("in"), false);
    Path data = tmp.resolve("data");
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(data))) {
      ingest(gallery, pipeline(), request("people", false), tmp.resolve("in"));
      Face orphan = gallery.store().gallery().facesOfSubject(gallery.store().gallery()
          .findSubjectByExternalRef("people", people().get(3).name()).orElseThrow().id()).getFirst();
      GalleryFiles.delete(data, orphan.cropPath()); // no crop, no original: nothing to re-template from
      PackMigration migration = migration(gallery);
      migration.begin("admin", defaultPack(), Map.of());
      assertThat(migration.run("admin", 2, PackMigration.Listener.NONE)).isEqualTo(new PackStore.Counts(6, 5, 1));
      assertThat(migration.failures()).extracting(PackStore.Failure::faceId, PackStore.Failure::reason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(orphan.id(),
              "neither a kept original nor a crop to re-template from"));

      assertThatThrownBy(() -> PackMigration.switchTo(gallery, "admin", false, Map.of()))
          .isInstanceOf(PackMigration.UnembeddableFacesException.class)
          .hasMessage("1 face cannot be embedded by pack rgb and would keep only their default template, which"
              + " searches with rgb do not compare: erase or re-enrol them, or switch with --leave-unembeddable");
      assertThat(gallery.store().packs().currentPack().orElseThrow().pack()).isEqualTo("default");

      PackMigration.Switched switched = PackMigration.switchTo(gallery, "admin", true, Map.of());
      assertThat(switched.retired()).isEqualTo(5);
      assertThat(switched.left()).extracting(PackStore.Failure::faceId).containsExactly(orphan.id());
      assertThat(gallery.store().packs().facesByModel())
          .containsEntry("mbf512-bgr-87aacdfe", 1L).containsEntry(Rgb.PIPELINE.modelId(), 5L);
    }
  }

  @Test
  void refuses_to_migrate_to_the_templates_the_gallery_holds() {
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(tmp.resolve("data")))) {
      FacePipeline same = pipeline();
      PackMigration migration = PackMigration.onGallery(gallery, same, loader(), Clock.systemUTC());
      assertThatThrownBy(() -> migration.begin("admin", defaultPack(), Map.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("pack default makes the templates the gallery holds already (mbf512-bgr-87aacdfe): nothing"
              + " to migrate");
      assertThatThrownBy(() -> PackMigration.switchTo(gallery, "admin", false, Map.of()))
          .isInstanceOf(IllegalStateException.class).hasMessage("no migration is running");
    }
  }
}
