package candor.app.cli;

import candor.core.gallery.CollectionService;
import candor.core.model.CollectionInfo;
import candor.core.model.LawfulBasis;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor collections}: lists the collections; {@code collections create} adds one. */
@Command(name = "collections", mixinStandardHelpOptions = true,
    header = "List the gallery's collections (or create one).",
    description = "Lists every collection with its purpose, default lawful basis, retention and"
        + " whether originals are kept.",
    subcommands = CollectionsCommand.Create.class)
public final class CollectionsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Option(names = "--json", description = "Print JSON: {collections: [{name, purpose, default_basis, retention, keep_originals, created}]}.")
  boolean json;

  record BasisJson(@JsonProperty("kind") String kind, @JsonProperty("reference") String reference) {
    static BasisJson of(LawfulBasis basis) {
      return new BasisJson(basis.kind().name().toLowerCase(Locale.ROOT), basis.reference());
    }
  }

  record CollectionJson(
      @JsonProperty("name") String name,
      @JsonProperty("purpose") String purpose,
      @JsonProperty("default_basis") BasisJson defaultBasis,
      @JsonProperty("retention") String retention,
      @JsonProperty("keep_originals") boolean keepOriginals,
      @JsonProperty("created") String created) {
    static CollectionJson of(CollectionInfo c) {
      return new CollectionJson(c.name(), c.purpose(), BasisJson.of(c.defaultBasis()),
          c.retention().toString(), c.keepOriginals(), c.created().toString());
    }
  }

  record ListJson(@JsonProperty("collections") List<CollectionJson> collections) {}

  @Override
  public Integer call() {
    List<CollectionInfo> collections;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      collections = session.ops().collections().listCollections(session.principal());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(new ListJson(collections.stream().map(CollectionJson::of).toList())));
    } else if (collections.isEmpty()) {
      out.println("no collections");
    } else {
      for (CollectionInfo c : collections) {
        print(out, c);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  static void print(PrintWriter out, CollectionInfo c) {
    out.printf("%s: purpose \"%s\"; default lawful basis %s \"%s\"; retention %s; originals %s;"
            + " created %s%n", c.name(), c.purpose(),
        c.defaultBasis().kind().name().toLowerCase(Locale.ROOT), c.defaultBasis().reference(),
        c.retention(), c.keepOriginals() ? "kept" : "not kept", c.created());
  }

  /** {@code candor collections create}: creates a collection, audited. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      header = "Create a collection with its purpose, default lawful basis and retention.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions gallery;
    @Mixin KeyOptions key;

    @Parameters(paramLabel = "NAME", description = "The collection's name ([a-z0-9][a-z0-9-]*).")
    String name;

    @Option(names = "--purpose", required = true, paramLabel = "TEXT",
        description = "Why the collection exists, in words a reviewer can check.")
    String purpose;

    @Option(names = "--lawful-basis", required = true, paramLabel = "KIND",
        description = "Default lawful basis of its unidentified faces: consent or authority.")
    LawfulBasis.Kind basisKind;

    @Option(names = "--basis-ref", required = true, paramLabel = "REF", description = "Reference of the lawful basis.")
    String basisRef;

    @Option(names = "--retention", paramLabel = "PERIOD", description = "How long its data is kept, ISO-8601 (default: P1Y).")
    Period retention = CollectionService.DEFAULT_RETENTION;

    @Option(names = "--keep-originals", description = "Keep original images (sealed), not only face crops.")
    boolean keepOriginals;

    @Option(names = "--json", description = "Print the collection as JSON.")
    boolean json;

    @Override
    public Integer call() {
      CollectionInfo created;
      try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
        created = session.ops().collections().createCollection(session.principal(),
            new CollectionService.NewCollection(name, purpose, new LawfulBasis(basisKind, basisRef),
                retention, keepOriginals));
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(CollectionJson.of(created)));
      } else {
        out.print("created ");
        print(out, created);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
