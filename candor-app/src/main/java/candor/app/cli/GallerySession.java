package candor.app.cli;

import candor.app.http.ServerMarker;
import candor.core.access.Operations;
import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.gallery.IndexKind;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Principal;
import candor.vision.FacePipeline;
import java.time.Clock;

/**
 * What a gallery command acts through: the data directory's recorded deployment (its gallery),
 * the face engine, the core's {@link Operations} (the HTTP API's own, with the deployment's
 * policy) and the principal of the caller's API key. The command line has no other way to a
 * gallery, so every command is checked against the key's role and collections and audited
 * under its user, exactly as over HTTP.
 *
 * <p>Closing it closes the engine and the gallery. Not thread-safe to open; the operations are.
 */
final class GallerySession implements AutoCloseable {

  private final Gallery gallery;
  private final FacePipeline pipeline;
  private final Operations operations;
  private final Principal principal;

  private GallerySession(Gallery gallery, FacePipeline pipeline, Operations operations,
      Principal principal) {
    this.gallery = gallery;
    this.pipeline = pipeline;
    this.operations = operations;
    this.principal = principal;
  }

  /**
   * Reads the caller's key, opens the deployment's gallery and the engine, and authenticates the
   * key; a refused key is audited ({@code auth.failed}) before the session closes again.
   *
   * @param data the data directory
   * @param options the deployment options (needed at first use only)
   * @param key the caller's key
   * @param engine the engine options, or {@code null} for the default pack
   * @return the open session
   * @throws KeyRequiredException if no key is given, or it is unknown or revoked
   */
  static GallerySession open(DataOptions data, GalleryOptions options, KeyOptions key,
      EngineOptions engine) {
    String token = key.token();
    PolicyConfig policy = options.policy(data);
    GalleryConfig config = options.config(data);
    refuseBesideServer(config);
    Gallery gallery = Gallery.open(config);
    FacePipeline pipeline = null;
    try {
      EngineOptions eo = engine != null ? engine : EngineOptions.defaults();
      // the gallery's current pack, once a migration recorded one: its templates are the ones held
      pipeline = eo.openFor(data, gallery.store().packs().currentPack());
      Operations operations =
          new Operations(gallery, pipeline, eo.loader(), policy, Clock.systemUTC());
      Principal principal = operations.keys()
          .authenticateOrAudit(token, KeysCommand.operator())
          .orElseThrow(() -> new KeyRequiredException(
              "the API key is unknown or revoked (the attempt is audited): " + KeyOptions.HOW));
      return new GallerySession(gallery, pipeline, operations, principal);
    } catch (RuntimeException e) {
      if (pipeline != null) {
        pipeline.close();
      }
      gallery.close();
      throw e;
    }
  }

  /**
   * Refuses, in one line, to open a data directory's local index while {@code candor serve}
   * holds it: the index has one writer (SolrCloud indexes are shared and need no refusal).
   *
   * @param config the gallery about to open
   * @throws IllegalStateException naming the server and what to do instead
   */
  static void refuseBesideServer(GalleryConfig config) {
    if (config.indexKind() == IndexKind.SOLR) {
      return;
    }
    ServerMarker.running(config.dataDir()).ifPresent(server -> {
      throw new IllegalStateException("candor serve is running on " + config.dataDir()
          + " (pid " + server.pid() + ", " + server.url() + ") and holds its index: use the"
          + " service (web UI or API with your key) or stop it, then run this command");
    });
  }

  /** The core's operations. */
  Operations ops() {
    return operations;
  }

  /** Who acts: the key's user, role and collections. */
  Principal principal() {
    return principal;
  }

  /** The data directory of the gallery, for paths in the output. */
  java.nio.file.Path dataDir() {
    return gallery.dataDir();
  }

  @Override
  public void close() {
    try {
      pipeline.close();
    } finally {
      gallery.close();
    }
  }
}
