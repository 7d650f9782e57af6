package candor.core.store;

import candor.core.model.Face;
import candor.core.model.FaceDraft;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gallery's model packs: which pack made each template model id and under what terms, the
 * gallery's current pack, and moving the gallery to another pack (a migration).
 *
 * <p>A migrated template is a new face row: the same image, subject and data key as the face it
 * {@linkplain MigratedFace replaces}, with the new model's template (encrypted like every
 * template), box, landmarks and quality, and its own copy of the crop. Both rows live until the
 * switch, which deletes the replaced ones (tombstones in the change log, as an erasure writes);
 * erasing a subject or an image before then removes both.
 *
 * <p>Methods that take a {@link Transaction} join it; lookups read committed data. Thread-safe.
 */
public interface PackStore {

  /**
   * The gallery's current pack.
   *
   * @param pack the pack's name
   * @param modelId the template model id it stamps
   * @param since when it became current
   */
  record GalleryPack(String pack, String modelId, Instant since) {
    /** Validates. */
    public GalleryPack {
      Objects.requireNonNull(pack, "pack");
      Objects.requireNonNull(modelId, "modelId");
      Objects.requireNonNull(since, "since");
    }
  }

  /**
   * The pack that first stored templates of a model id, with its declared terms.
   *
   * @param modelId the template model id
   * @param pack the pack's name
   * @param licence the licence's id
   * @param licenceUse what it allows ({@code open}, {@code non-commercial}, ...)
   * @param trainingData the training data and its terms, as declared; may be empty
   * @param first when it was recorded
   */
  record TemplateModel(String modelId, String pack, String licence, String licenceUse, String trainingData,
      Instant first) {
    /** Validates. */
    public TemplateModel {
      Objects.requireNonNull(modelId, "modelId");
      Objects.requireNonNull(pack, "pack");
      Objects.requireNonNull(licence, "licence");
      Objects.requireNonNull(licenceUse, "licenceUse");
      Objects.requireNonNull(trainingData, "trainingData");
      Objects.requireNonNull(first, "first");
    }
  }

  /**
   * A move of the gallery from one pack to another.
   *
   * @param id the migration's id
   * @param fromPack the pack the gallery ran
   * @param fromModel its template model id
   * @param toPack the pack it moves to
   * @param toModel that pack's template model id
   * @param state running or switched
   * @param startedBy who started it
   * @param started when
   * @param ended when it switched, or null
   */
  record Migration(String id, String fromPack, String fromModel, String toPack, String toModel, State state,
      String startedBy, Instant started, Instant ended) {
    /** Where a migration is. */
    public enum State {
      /** Re-templating; searches use the old pack. */
      RUNNING,
      /** The new pack is current; the old templates are gone. */
      SWITCHED
    }

    /** Validates. */
    public Migration {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(fromPack, "fromPack");
      Objects.requireNonNull(fromModel, "fromModel");
      Objects.requireNonNull(toPack, "toPack");
      Objects.requireNonNull(toModel, "toModel");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(startedBy, "startedBy");
      Objects.requireNonNull(started, "started");
    }
  }

  /**
   * A new template of a stored face.
   *
   * @param original the face it replaces (collection, image, subject and data key come from it)
   * @param draft the new model's box, landmarks, quality, model id, template and crop; its
   *     subject must be the original's
   */
  record MigratedFace(Face original, FaceDraft draft) {
    /** Validates. */
    public MigratedFace {
      Objects.requireNonNull(original, "original");
      Objects.requireNonNull(draft, "draft");
      if (!Objects.equals(original.subjectId(), draft.subjectId())) {
        throw new IllegalArgumentException("a migrated face keeps its subject: face " + original.id() + " is "
            + original.subjectId() + "'s, the draft names " + draft.subjectId());
      }
    }
  }

  /**
   * A face a migration could not re-template.
   *
   * @param faceId the face
   * @param reason why, for the operator
   * @param at when
   */
  record Failure(long faceId, String reason, Instant at) {}

  /**
   * Where a migration stands.
   *
   * @param faces the faces of the old model
   * @param migrated those with a template of the new one
   * @param failed those the new pack could not embed
   */
  record Counts(long faces, long migrated, long failed) {
    /** Faces still to re-template. */
    public long pending() {
      return faces - migrated - failed;
    }
  }

  /**
   * Returns the gallery's current pack.
   *
   * @return the pack, or empty while none was recorded
   */
  Optional<GalleryPack> currentPack();

  /**
   * Records the gallery's current pack.
   *
   * @param tx the transaction to join
   * @param pack the pack
   */
  void setCurrentPack(Transaction tx, GalleryPack pack);

  /**
   * Records which pack made a template model id, unless one is recorded already (the first pack
   * stays: its templates were the first stored).
   *
   * @param tx the transaction to join
   * @param model the model and its pack
   * @return whether it was new
   */
  boolean recordModel(Transaction tx, TemplateModel model);

  /**
   * Lists the recorded template models.
   *
   * @return by model id
   */
  List<TemplateModel> models();

  /**
   * Counts the stored faces by template model id.
   *
   * @return face counts, by model id
   */
  Map<String, Long> facesByModel();

  /**
   * Starts a migration.
   *
   * @param tx the transaction to join
   * @param migration the migration, {@link Migration.State#RUNNING}
   * @throws IllegalStateException if another migration is running
   */
  void startMigration(Transaction tx, Migration migration);

  /**
   * Returns the running migration.
   *
   * @return it, or empty
   */
  Optional<Migration> runningMigration();

  /**
   * Returns the last migration started.
   *
   * @return it, or empty if there never was one
   */
  Optional<Migration> lastMigration();

  /**
   * Marks a running migration switched.
   *
   * @param tx the transaction to join
   * @param id the migration
   * @param at when
   */
  void switched(Transaction tx, String id, Instant at);

  /**
   * Lists faces of the migration's old model that have no template of its new model and no
   * recorded failure, with their templates, by id.
   *
   * @param migration the migration
   * @param afterFaceId only faces with a higher id
   * @param limit the most to return, 1 to 10,000
   * @return the faces
   */
  List<Face> facesToMigrate(Migration migration, long afterFaceId, int limit);

  /**
   * Counts where a migration stands.
   *
   * @param migration the migration
   * @return the counts
   */
  Counts counts(Migration migration);

  /**
   * Lists the faces a migration made whose crop file may need writing again, each with the id of
   * the face it replaces.
   *
   * @param migration the migration
   * @return new face by the id of the face it replaces
   */
  Map<Long, Face> migratedFaces(Migration migration);

  /**
   * Stores new templates of stored faces, with an {@code ADD} change each. A face that already
   * has a template of the draft's model (another process migrated it meanwhile), or no longer
   * exists (erased meanwhile), is skipped.
   *
   * <p>Privacy: stores the templates encrypted under their face's data key.
   *
   * @param tx the transaction to join
   * @param faces the new templates
   * @return the faces stored, by the id of the face each replaces, in order, without the skipped ones
   */
  Map<Long, Face> addMigratedFaces(Transaction tx, List<MigratedFace> faces);

  /**
   * Records faces a migration could not re-template.
   *
   * @param tx the transaction to join
   * @param migrationId the migration
   * @param failures the faces and reasons
   */
  void recordFailures(Transaction tx, String migrationId, List<Failure> failures);

  /**
   * Lists the faces a migration could not re-template and that are still stored without a
   * template of its model.
   *
   * @param migration the migration
   * @return by face id
   */
  List<Failure> failures(Migration migration);

  /**
   * Deletes the faces of the migration's old model that have a template of its new one, writing a
   * tombstone each, as an erasure does (the data keys stay: the subjects and images do). Checks
   * first, in the transaction, that every face of the old model has a new template, or a recorded
   * failure when {@code leaveUnembeddable}; those faces stay, with their old template.
   *
   * @param tx the transaction to join
   * @param migration the migration
   * @param leaveUnembeddable whether faces the new pack could not embed may stay behind
   * @return the faces deleted (their crop paths, for the caller to delete the files)
   * @throws IllegalStateException naming how many faces lack a new template
   */
  ErasureReceipt retireReplaced(Transaction tx, Migration migration, boolean leaveUnembeddable);
}
