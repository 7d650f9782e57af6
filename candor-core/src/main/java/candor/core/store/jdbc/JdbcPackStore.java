package candor.core.store.jdbc;

import candor.core.model.Face;
import candor.core.model.FaceDraft;
import candor.core.store.ErasureReceipt;
import candor.core.store.PackStore;
import candor.core.store.Transaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The gallery's packs and migrations on JDBC. Faces are written and deleted through the gallery
 * store's own statements, so a migrated template is sealed and logged exactly as an ingested one.
 * Every statement binds its parameters.
 *
 * <p>Thread-safe (no mutable state).
 */
final class JdbcPackStore implements PackStore {

  private static final String MIGRATION_COLUMNS = "id, from_pack, from_model, to_pack, to_model, state,"
      + " started_by, started_micros, ended_micros";
  /** Faces of the old model with a template of the new one: {@code ?} = to model, from model. */
  private static final String REPLACED = "f.model_id = ? AND EXISTS (SELECT 1 FROM faces n WHERE n.replaces = f.id"
      + " AND n.model_id = ?)";

  private final JdbcStore store;
  private final JdbcGalleryStore gallery;
  private final KeyVault vault;

  JdbcPackStore(JdbcStore store, JdbcGalleryStore gallery, KeyVault vault) {
    this.store = store;
    this.gallery = gallery;
    this.vault = vault;
  }

  @Override
  public Optional<GalleryPack> currentPack() {
    return store.read("read the current pack", c -> Sql.one(c,
        "SELECT pack, model_id, since_micros FROM gallery_pack WHERE id = 1",
        row -> new GalleryPack(row.getString(1), row.getString(2), Sql.instant(row.getLong(3)))));
  }

  @Override
  public void setCurrentPack(Transaction tx, GalleryPack pack) {
    Objects.requireNonNull(pack, "pack");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      if (Sql.update(c, "UPDATE gallery_pack SET pack = ?, model_id = ?, since_micros = ? WHERE id = 1",
          pack.pack(), pack.modelId(), Sql.micros(pack.since())) == 0) {
        Sql.update(c, "INSERT INTO gallery_pack (id, pack, model_id, since_micros) VALUES (1, ?, ?, ?)",
            pack.pack(), pack.modelId(), Sql.micros(pack.since()));
      }
    } catch (SQLException e) {
      throw new StatementFailedException("set the current pack", e);
    }
  }

  @Override
  public boolean recordModel(Transaction tx, TemplateModel model) {
    Objects.requireNonNull(model, "model");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      if (Sql.exists(c, "SELECT 1 FROM template_models WHERE model_id = ?", model.modelId())) {
        return false;
      }
      Sql.update(c, "INSERT INTO template_models (model_id, pack, licence, licence_use, training_data, first_micros)"
              + " VALUES (?, ?, ?, ?, ?, ?)", model.modelId(), model.pack(), model.licence(), model.licenceUse(),
          model.trainingData(), Sql.micros(model.first()));
      return true;
    } catch (SQLException e) {
      throw new StatementFailedException("record template model " + model.modelId(), e);
    }
  }

  @Override
  public List<TemplateModel> models() {
    return store.read("list template models", c -> Sql.list(c,
        "SELECT model_id, pack, licence, licence_use, training_data, first_micros FROM template_models"
            + " ORDER BY model_id",
        row -> new TemplateModel(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
            row.getString(5), Sql.instant(row.getLong(6)))));
  }

  @Override
  public Map<String, Long> facesByModel() {
    Map<String, Long> counts = new LinkedHashMap<>();
    store.read("count faces by model", c -> Sql.list(c,
        "SELECT model_id, COUNT(*) FROM faces GROUP BY model_id ORDER BY model_id",
        row -> Map.entry(row.getString(1), row.getLong(2)))).forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  @Override
  public void startMigration(Transaction tx, Migration m) {
    Objects.requireNonNull(m, "m");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      Optional<Migration> running = Sql.one(c, "SELECT " + MIGRATION_COLUMNS
          + " FROM pack_migrations WHERE state = 'RUNNING'", JdbcPackStore::migration);
      if (running.isPresent()) {
        throw new IllegalStateException("a migration to pack " + running.get().toPack() + " is running ("
            + running.get().id() + ")");
      }
      Sql.update(c, "INSERT INTO pack_migrations (" + MIGRATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          m.id(), m.fromPack(), m.fromModel(), m.toPack(), m.toModel(), m.state().name(), m.startedBy(),
          Sql.micros(m.started()), m.ended() == null ? null : Sql.micros(m.ended()));
    } catch (SQLException e) {
      throw new StatementFailedException("start migration " + m.id(), e);
    }
  }

  @Override
  public Optional<Migration> runningMigration() {
    return store.read("read the running migration", c -> Sql.one(c, "SELECT " + MIGRATION_COLUMNS
        + " FROM pack_migrations WHERE state = 'RUNNING'", JdbcPackStore::migration));
  }

  @Override
  public Optional<Migration> lastMigration() {
    return store.read("read the last migration", c -> Sql.one(c, "SELECT " + MIGRATION_COLUMNS
        + " FROM pack_migrations ORDER BY started_micros DESC, id DESC LIMIT 1", JdbcPackStore::migration));
  }

  @Override
  public void switched(Transaction tx, String id, java.time.Instant at) {
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      if (Sql.update(c, "UPDATE pack_migrations SET state = 'SWITCHED', ended_micros = ? WHERE id = ?"
          + " AND state = 'RUNNING'", Sql.micros(at), id) != 1) {
        throw new IllegalStateException("migration " + id + " is not running");
      }
    } catch (SQLException e) {
      throw new StatementFailedException("switch migration " + id, e);
    }
  }

  @Override
  public List<Face> facesToMigrate(Migration m, long afterFaceId, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1 to 10000, got " + limit);
    }
    String sql = JdbcGalleryStore.FACES_WITH_KEYS + " WHERE f.model_id = ? AND f.id > ?"
        + " AND NOT EXISTS (SELECT 1 FROM faces n WHERE n.replaces = f.id AND n.model_id = ?)"
        + " AND NOT EXISTS (SELECT 1 FROM pack_migration_failures x WHERE x.migration_id = ? AND x.face_id = f.id)"
        + " ORDER BY f.id LIMIT ?";
    return store.read("list faces to migrate", c -> {
      try (KeyVault.KeyCache keys = vault.cache(c)) {
        return Sql.list(c, sql, row -> gallery.face(row, keys), m.fromModel(), afterFaceId, m.toModel(), m.id(),
            limit);
      }
    });
  }

  @Override
  public Counts counts(Migration m) {
    return store.read("count a migration", c -> {
      long faces = Sql.one(c, "SELECT COUNT(*) FROM faces WHERE model_id = ?", row -> row.getLong(1),
          m.fromModel()).orElse(0L);
      long migrated = Sql.one(c, "SELECT COUNT(*) FROM faces f WHERE " + REPLACED, row -> row.getLong(1),
          m.fromModel(), m.toModel()).orElse(0L);
      long failed = Sql.one(c, "SELECT COUNT(*) FROM pack_migration_failures x JOIN faces f ON f.id = x.face_id"
              + " WHERE x.migration_id = ? AND f.model_id = ? AND NOT EXISTS"
              + " (SELECT 1 FROM faces n WHERE n.replaces = f.id AND n.model_id = ?)", row -> row.getLong(1),
          m.id(), m.fromModel(), m.toModel()).orElse(0L);
      return new Counts(faces, migrated, failed);
    });
  }

  @Override
  public Map<Long, Face> migratedFaces(Migration m) {
    String sql = "SELECT f.replaces AS replaced, " + JdbcGalleryStore.FACE_COLUMNS
        + " FROM faces f JOIN data_keys k ON k.owner = f.key_owner JOIN faces o ON o.id = f.replaces"
        + " WHERE o.model_id = ? AND f.model_id = ? ORDER BY f.id";
    Map<Long, Face> byReplaced = new LinkedHashMap<>();
    store.read("list migrated faces", c -> {
      try (KeyVault.KeyCache keys = vault.cache(c)) {
        return Sql.list(c, sql,
            row -> Map.entry(row.getLong("replaced"), gallery.face(row, keys)), m.fromModel(), m.toModel());
      }
    }).forEach(e -> byReplaced.put(e.getKey(), e.getValue()));
    return byReplaced;
  }

  @Override
  public Map<Long, Face> addMigratedFaces(Transaction tx, List<MigratedFace> faces) {
    Objects.requireNonNull(faces, "faces");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      Map<Long, Face> stored = new LinkedHashMap<>();
      // grouped by image, as ingest inserts them; skipped: erased, or migrated by another process
      Map<String, List<MigratedFace>> byImage = new LinkedHashMap<>();
      for (MigratedFace f : faces) {
        boolean exists = Sql.exists(c, "SELECT 1 FROM faces WHERE id = ?", f.original().id());
        boolean done = Sql.exists(c, "SELECT 1 FROM faces WHERE replaces = ? AND model_id = ?", f.original().id(),
            f.draft().modelId());
        if (exists && !done) {
          byImage.computeIfAbsent(f.original().collection() + "/" + f.original().mediaSha256(),
              k -> new ArrayList<>()).add(f);
        }
      }
      for (List<MigratedFace> group : byImage.values()) {
        Face first = group.getFirst().original();
        List<FaceDraft> drafts = group.stream().map(MigratedFace::draft).toList();
        List<Long> replaces = group.stream().map(f -> f.original().id()).toList();
        List<Face> added = gallery.insertFaces(c, first.collection(), first.mediaSha256(), drafts, replaces);
        for (int i = 0; i < added.size(); i++) {
          stored.put(replaces.get(i), added.get(i));
        }
      }
      return stored;
    } catch (SQLException e) {
      throw new StatementFailedException("store migrated templates", e);
    }
  }

  @Override
  public void recordFailures(Transaction tx, String migrationId, List<Failure> failures) {
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      for (Failure f : failures) {
        if (Sql.exists(c, "SELECT 1 FROM pack_migration_failures WHERE migration_id = ? AND face_id = ?",
            migrationId, f.faceId()) == false) {
          Sql.update(c, "INSERT INTO pack_migration_failures (migration_id, face_id, reason, at_micros)"
              + " VALUES (?, ?, ?, ?)", migrationId, f.faceId(), f.reason(), Sql.micros(f.at()));
        }
      }
    } catch (SQLException e) {
      throw new StatementFailedException("record migration failures", e);
    }
  }

  @Override
  public List<Failure> failures(Migration m) {
    return store.read("list migration failures", c -> Sql.list(c,
        "SELECT x.face_id, x.reason, x.at_micros FROM pack_migration_failures x JOIN faces f ON f.id = x.face_id"
            + " WHERE x.migration_id = ? AND NOT EXISTS (SELECT 1 FROM faces n WHERE n.replaces = f.id"
            + " AND n.model_id = ?) ORDER BY x.face_id",
        row -> new Failure(row.getLong(1), row.getString(2), Sql.instant(row.getLong(3))), m.id(), m.toModel()));
  }

  @Override
  public ErasureReceipt retireReplaced(Transaction tx, Migration m, boolean leaveUnembeddable) {
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      long pending = Sql.one(c, "SELECT COUNT(*) FROM faces f WHERE f.model_id = ? AND NOT EXISTS"
              + " (SELECT 1 FROM faces n WHERE n.replaces = f.id AND n.model_id = ?)"
              + (leaveUnembeddable ? " AND NOT EXISTS (SELECT 1 FROM pack_migration_failures x"
                  + " WHERE x.migration_id = ? AND x.face_id = f.id)" : ""),
          row -> row.getLong(1), leaveUnembeddable ? new Object[] {m.fromModel(), m.toModel(), m.id()}
              : new Object[] {m.fromModel(), m.toModel()}).orElse(0L);
      if (pending > 0) {
        throw new IllegalStateException(pending + " face" + (pending == 1 ? "" : "s") + " of " + m.fromModel()
            + " ha" + (pending == 1 ? "s" : "ve") + " no " + m.toModel() + " template yet"
            + (leaveUnembeddable ? "" : " (counting those the new pack cannot embed)"));
      }
      List<JdbcGalleryStore.FaceRef> faces = Sql.list(c,
          "SELECT f.id, f.collection, f.media_sha256, f.crop_path FROM faces f WHERE " + REPLACED + " ORDER BY f.id",
          JdbcGalleryStore.FaceRef::of, m.fromModel(), m.toModel());
      // the new rows keep their replaces column as history; the face it names is gone
      gallery.deleteFaces(c, faces);
      return gallery.finishErasure(tx, c, faces, List.of(), List.of());
    } catch (SQLException e) {
      throw new StatementFailedException("retire the templates of " + m.fromModel(), e);
    }
  }

  private static Migration migration(ResultSet row) throws SQLException {
    long ended = row.getLong("ended_micros");
    boolean noEnd = row.wasNull();
    return new Migration(row.getString("id"), row.getString("from_pack"), row.getString("from_model"),
        row.getString("to_pack"), row.getString("to_model"), Migration.State.valueOf(row.getString("state")),
        row.getString("started_by"), Sql.instant(row.getLong("started_micros")), noEnd ? null : Sql.instant(ended));
  }
}
