package candor.app.cli;

import candor.core.gallery.GalleryConfig;
import candor.core.gallery.IndexKind;
import candor.core.policy.PolicyConfig;
import candor.core.store.JdbcUrls;
import candor.core.store.jdbc.JdbcStore;
import candor.index.solr.SolrIndexConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options of the commands that open the gallery: which store and index. They are needed once,
 * at a data directory's first use, which records them ({@link Deployment}); every later command
 * reads the record.
 */
public final class GalleryOptions {

  /** Which SQL store holds the gallery's truth. */
  public enum StoreKind {
    /** A SQLite file in the data directory: the zero-set-up default. */
    sqlite,
    /** A PostgreSQL database named by --jdbc-url. */
    postgres
  }

  @Option(names = "--index", paramLabel = "KIND", converter = IndexKindConverter.class,
      description = "Vector index: lucene, exact or solr (default: lucene). lucene and exact keep"
          + " their own folder in the data directory; solr is a collection of a SolrCloud cluster"
          + " (needs --solr-zk). Each is rebuilt from the store when missing. Recorded in the data"
          + " directory at first use; later commands need not repeat it.")
  IndexKind index;

  @Option(names = "--solr-zk", paramLabel = "HOST:PORT[/CHROOT]",
      description = "The SolrCloud cluster's ZooKeeper, with the chroot the cluster keeps its"
          + " state under, e.g. zk1:2181/solr; several hosts comma-separated. Needs --index solr.")
  String solrZk;

  @Option(names = "--solr-collection", paramLabel = "NAME",
      description = "The Solr collection holding the templates; created if absent"
          + " (default: candor).")
  String solrCollection;

  @Option(names = "--solr-shards", paramLabel = "N",
      description = "Shards of a new Solr collection (default: 2).")
  Integer solrShards;

  @Option(names = "--solr-replicas", paramLabel = "N",
      description = "Copies of each shard of a new Solr collection (default: 2).")
  Integer solrReplicas;

  @Option(names = "--store", paramLabel = "KIND",
      description = "SQL store: ${COMPLETION-CANDIDATES} (default: sqlite). postgres needs"
          + " --jdbc-url; the master key stays in the data directory's keys/ folder. Recorded in"
          + " the data directory at first use; later commands need not repeat it.")
  StoreKind store;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "The PostgreSQL database, e.g."
          + " jdbc:postgresql://db:5432/candor?user=candor&currentSchema=candor, without a"
          + " password (give it in CANDOR_DB_PASSWORD or --db-password-file). Needs --store"
          + " postgres.")
  String jdbcUrl;

  @Option(names = "--db-password-file", paramLabel = "FILE",
      description = "A file holding the PostgreSQL password (default: the environment variable "
          + PASSWORD_ENV + ", if set).")
  Path passwordFile;

  /** The environment variable that may hold the PostgreSQL password. */
  static final String PASSWORD_ENV = "CANDOR_DB_PASSWORD";

  /**
   * The gallery of the data directory: the store and index recorded in it, or, at first use,
   * those these options name (then recorded). An option that disagrees with the recorded
   * deployment is refused, so no command can open another database than the service uses.
   *
   * @throws IllegalArgumentException if a companion option is missing or does not fit, or an
   *     option disagrees with the recorded deployment (a message that names both)
   */
  public GalleryConfig config(DataOptions data) {
    Optional<Deployment> recorded = Deployment.read(data.data());
    Deployment wanted = recorded.isPresent() ? agree(recorded.get(), data, false) : fromOptions();
    GalleryConfig config = build(wanted, data);
    if (recorded.isEmpty()) {
      wanted.write(data.data());
    }
    return config;
  }

  /**
   * The gallery an index rebuild fills: the recorded store, and the index these options name
   * when they name one (moving the deployment to a new index backend, such as SolrCloud), else
   * the recorded index. Call {@link #recordIndex} once the rebuild has finished.
   *
   * @throws IllegalArgumentException if a store option disagrees with the recorded deployment,
   *     or the index options do not fit together
   */
  GalleryConfig rebuildConfig(DataOptions data) {
    Optional<Deployment> recorded = Deployment.read(data.data());
    if (recorded.isEmpty() || index == null) {
      return config(data);
    }
    agree(recorded.get(), data, true);
    Deployment moved = movedIndex(recorded.get());
    return build(moved, data);
  }

  /** Records the index these options name as the deployment's, after a rebuild into it. */
  void recordIndex(DataOptions data) {
    Optional<Deployment> recorded = Deployment.read(data.data());
    if (recorded.isPresent() && index != null) {
      movedIndex(recorded.get()).write(data.data());
    }
  }

  private Deployment movedIndex(Deployment recorded) {
    Deployment fresh = fromOptions();
    return new Deployment(recorded.store(), recorded.jdbcUrl(), fresh.index(), fresh.solrZk(),
        fresh.solrCollection(), fresh.solrShards(), fresh.solrReplicas(), recorded.purposes(),
        recorded.reviewThreshold(), recorded.probeRetention());
  }

  /**
   * The deployment's policy choices (its purpose list), as recorded by {@code serve}.
   *
   * @param data the data directory
   * @return the policy configuration; the defaults when nothing is recorded
   */
  public PolicyConfig policy(DataOptions data) {
    return Deployment.read(data.data()).map(Deployment::policy).orElse(PolicyConfig.defaults());
  }

  /**
   * Records the deployment's policy choices for every later command; a choice given as {@code
   * null} keeps what is recorded. They are checked before anything is written.
   *
   * @param data the data directory
   * @param purposes the search purposes allowed, or {@code null}
   * @param reviewThreshold the estimated false match rate above which a candidate is weak, or
   *     {@code null}
   * @param probeRetention how long a search's probe is kept for its review at most, or {@code
   *     null}
   * @throws IllegalArgumentException if a choice is invalid
   */
  void recordPolicy(DataOptions data, java.util.List<String> purposes, Double reviewThreshold,
      java.time.Duration probeRetention) {
    config(data);
    Deployment recorded = Deployment.read(data.data()).orElseThrow();
    Deployment updated = recorded.withPolicy(
        purposes != null ? purposes : recorded.purposes(),
        reviewThreshold != null ? reviewThreshold : recorded.reviewThreshold(),
        probeRetention != null ? probeRetention.toString() : recorded.probeRetention());
    updated.policy();
    if (updated.equals(recorded) == false) {
      updated.write(data.data());
    }
  }

  /** Opens only the deployment's SQL store (for keys and the audit). */
  public JdbcStore openStore(DataOptions data) {
    return JdbcStore.open(config(data).store());
  }

  private Deployment fromOptions() {
    StoreKind s = store == null ? StoreKind.sqlite : store;
    IndexKind i = index == null ? IndexKind.LUCENE : index;
    if (s == StoreKind.postgres) {
      if (jdbcUrl == null || jdbcUrl.isBlank()) {
        throw new IllegalArgumentException(
            "--store postgres needs --jdbc-url jdbc:postgresql://HOST:PORT/DATABASE");
      }
      if (jdbcUrl.startsWith("jdbc:postgresql:") == false) {
        throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: URL");
      }
      if (JdbcUrls.hasPassword(jdbcUrl)) {
        throw new IllegalArgumentException("--jdbc-url must not carry a password (it would be"
            + " recorded and shown): give it in " + PASSWORD_ENV + " or --db-password-file");
      }
    } else if (jdbcUrl != null) {
      throw new IllegalArgumentException("--jdbc-url needs --store postgres (the default store"
          + " is the SQLite file in the data directory)");
    }
    if (i == IndexKind.SOLR) {
      if (solrZk == null || solrZk.isBlank()) {
        throw new IllegalArgumentException("--index solr needs --solr-zk HOST:PORT[/CHROOT]");
      }
    } else if (solrZk != null) {
      throw new IllegalArgumentException("--solr-zk needs --index solr");
    }
    boolean solr = i == IndexKind.SOLR;
    return new Deployment(s.name(), s == StoreKind.postgres ? jdbcUrl : null,
        i.name().toLowerCase(Locale.ROOT), solr ? solrZk : null,
        solr ? (solrCollection == null ? "candor" : solrCollection) : null,
        solr ? (solrShards == null ? 2 : solrShards) : null,
        solr ? (solrReplicas == null ? 2 : solrReplicas) : null, null, null, null);
  }

  /** The recorded deployment, after checking that no option given disagrees with it. */
  private Deployment agree(Deployment recorded, DataOptions data, boolean storeOnly) {
    String where = data.data().resolve(Deployment.FILE_NAME).toString();
    differs("--store", store == null ? null : store.name(), recorded.store(), where);
    differs("--jdbc-url", jdbcUrl == null ? null : JdbcUrls.redact(jdbcUrl),
        recorded.jdbcUrl() == null ? null : JdbcUrls.redact(recorded.jdbcUrl()), where);
    if (storeOnly) {
      return recorded;
    }
    differs("--index", index == null ? null : index.name().toLowerCase(Locale.ROOT),
        recorded.index(), where);
    differs("--solr-zk", solrZk, recorded.solrZk(), where);
    differs("--solr-collection", solrCollection, recorded.solrCollection(), where);
    differs("--solr-shards", solrShards == null ? null : solrShards.toString(),
        recorded.solrShards() == null ? null : recorded.solrShards().toString(), where);
    differs("--solr-replicas", solrReplicas == null ? null : solrReplicas.toString(),
        recorded.solrReplicas() == null ? null : recorded.solrReplicas().toString(), where);
    return recorded;
  }

  private static void differs(String option, String given, String recorded, String where) {
    if (given != null && given.equals(recorded) == false) {
      throw new IllegalArgumentException(option + " " + given + " differs from this data"
          + " directory's deployment (" + (recorded == null ? "not set" : recorded)
          + ", recorded in " + where + "): leave the option out, or use another --data");
    }
  }

  private GalleryConfig build(Deployment d, DataOptions data) {
    GalleryConfig config = GalleryConfig.defaults(data.data());
    if (StoreKind.valueOf(d.store()) == StoreKind.postgres) {
      config = config.withPostgresql(d.jdbcUrl(), password());
    }
    IndexKind kind = IndexKind.valueOf(d.index().toUpperCase(Locale.ROOT));
    if (kind == IndexKind.SOLR) {
      config = config.withSolr(solrConfig(d.solrZk(), d.solrCollection(), d.solrShards(),
          d.solrReplicas()));
    } else {
      config = config.withIndexKind(kind);
    }
    return config;
  }

  /** The PostgreSQL password: from --db-password-file, else the environment, else none. */
  private String password() {
    if (passwordFile != null) {
      try {
        return Files.readString(passwordFile).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("--db-password-file " + passwordFile
            + ": cannot read it (" + e.getClass().getSimpleName() + ")");
      }
    }
    String env = System.getenv(PASSWORD_ENV);
    return env == null || env.isEmpty() ? null : env;
  }

  /**
   * Parses {@code host:port[,host:port...][/chroot]} into Solr settings.
   *
   * @throws IllegalArgumentException if a host lacks its port, or a setting is invalid
   */
  static SolrIndexConfig solrConfig(String zk, String collection, int shards, int replicas) {
    int slash = zk.indexOf('/');
    String hosts = slash < 0 ? zk : zk.substring(0, slash);
    String chroot = slash < 0 ? "/" : zk.substring(slash);
    java.util.List<String> list = java.util.Arrays.stream(hosts.split(","))
        .map(String::strip).filter(h -> h.isEmpty() == false).toList();
    for (String host : list) {
      int colon = host.lastIndexOf(':');
      if (colon <= 0 || colon == host.length() - 1
          || host.substring(colon + 1).chars().allMatch(Character::isDigit) == false) {
        throw new IllegalArgumentException(
            "--solr-zk expects HOST:PORT[/CHROOT], got '" + zk + "'");
      }
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("--solr-zk expects HOST:PORT[/CHROOT], got '" + zk + "'");
    }
    return new SolrIndexConfig(list, chroot, collection, shards, replicas,
        SolrIndexConfig.DEFAULT_BATCH_SIZE, SolrIndexConfig.DEFAULT_RETRY_TIMEOUT);
  }

  /** Accepts the index kinds in any case: {@code lucene}, {@code EXACT}, {@code solr}. */
  static final class IndexKindConverter implements picocli.CommandLine.ITypeConverter<IndexKind> {
    @Override
    public IndexKind convert(String value) {
      try {
        return IndexKind.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "expected one of lucene, exact, solr, got '" + value + "'");
      }
    }
  }
}
