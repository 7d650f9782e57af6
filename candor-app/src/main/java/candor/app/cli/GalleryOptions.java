package candor.app.cli;

import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.gallery.IndexKind;
import candor.core.store.JdbcUrls;
import candor.index.solr.SolrIndexConfig;
import picocli.CommandLine.Option;

/**
 * Options of the commands that open the gallery: which store and index, and who acts (for the
 * audit).
 */
public final class GalleryOptions {

  /** Which SQL store holds the gallery's truth. */
  public enum StoreKind {
    /** A SQLite file in the data directory: the zero-set-up default. */
    sqlite,
    /** A PostgreSQL database named by --jdbc-url. */
    postgres
  }

  @Option(names = "--actor", paramLabel = "NAME",
      description = "Who acts, as the audit log records it (default: the operating-system user)."
          + " When it differs from the OS user, both are recorded.")
  String actor;

  @Option(names = "--index", paramLabel = "KIND", defaultValue = "lucene",
      converter = IndexKindConverter.class,
      description = "Vector index: lucene, exact or solr (default: ${DEFAULT-VALUE}). lucene and"
          + " exact keep their own folder in the data directory; solr is a collection of a"
          + " SolrCloud cluster (needs --solr-zk). Each is rebuilt from the store when missing.")
  IndexKind index;

  @Option(names = "--solr-zk", paramLabel = "HOST:PORT[/CHROOT]",
      description = "The SolrCloud cluster's ZooKeeper, with the chroot the cluster keeps its"
          + " state under, e.g. zk1:2181/solr; several hosts comma-separated. Needs --index solr.")
  String solrZk;

  @Option(names = "--solr-collection", paramLabel = "NAME", defaultValue = "candor",
      description = "The Solr collection holding the templates; created if absent"
          + " (default: ${DEFAULT-VALUE}).")
  String solrCollection;

  @Option(names = "--solr-shards", paramLabel = "N", defaultValue = "2",
      description = "Shards of a new Solr collection (default: ${DEFAULT-VALUE}).")
  int solrShards;

  @Option(names = "--solr-replicas", paramLabel = "N", defaultValue = "2",
      description = "Copies of each shard of a new Solr collection (default: ${DEFAULT-VALUE}).")
  int solrReplicas;

  @Option(names = "--store", paramLabel = "KIND", defaultValue = "sqlite",
      description = "SQL store: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). postgres"
          + " needs --jdbc-url; the master key stays in the data directory's keys/ folder.")
  StoreKind store;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "The PostgreSQL database, e.g."
          + " jdbc:postgresql://db:5432/candor?user=candor&currentSchema=candor."
          + " Needs --store postgres.")
  String jdbcUrl;

  /** The actor for the audit log: the OS user, or {@code NAME (os user USER)} with --actor. */
  public String actor() {
    String os = System.getProperty("user.name", "unknown");
    if (actor == null || actor.isBlank() || actor.equals(os)) {
      return os;
    }
    return actor + " (os user " + os + ")";
  }

  /**
   * The gallery these options name, in the data directory.
   *
   * @throws IllegalArgumentException if a companion option is missing or does not fit (a
   *     message that names both options)
   */
  public GalleryConfig config(DataOptions data) {
    GalleryConfig config = GalleryConfig.defaults(data.data());
    if (store == StoreKind.postgres) {
      if (jdbcUrl == null || jdbcUrl.isBlank()) {
        throw new IllegalArgumentException(
            "--store postgres needs --jdbc-url jdbc:postgresql://HOST:PORT/DATABASE");
      }
      if (jdbcUrl.startsWith("jdbc:postgresql:") == false) {
        throw new IllegalArgumentException(
            "--jdbc-url must be a jdbc:postgresql: URL, got '" + JdbcUrls.redact(jdbcUrl) + "'");
      }
      config = config.withPostgresql(jdbcUrl);
    } else if (jdbcUrl != null) {
      throw new IllegalArgumentException("--jdbc-url needs --store postgres (the default store"
          + " is the SQLite file in the data directory)");
    }
    if (index == IndexKind.SOLR) {
      if (solrZk == null || solrZk.isBlank()) {
        throw new IllegalArgumentException("--index solr needs --solr-zk HOST:PORT[/CHROOT]");
      }
      config = config.withSolr(solrConfig(solrZk, solrCollection, solrShards, solrReplicas));
    } else {
      if (solrZk != null) {
        throw new IllegalArgumentException("--solr-zk needs --index solr");
      }
      config = config.withIndexKind(index);
    }
    return config;
  }

  /** Opens the gallery: the chosen store and index, replayed. */
  public Gallery open(DataOptions data) {
    return Gallery.open(config(data));
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
