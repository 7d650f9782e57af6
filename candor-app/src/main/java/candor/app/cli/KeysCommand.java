package candor.app.cli;

import candor.core.access.ApiKey;
import candor.core.access.ApiKeys;
import candor.core.access.IssuedKey;
import candor.core.access.NewKey;
import candor.core.policy.Action;
import candor.core.policy.CollectionGrant;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Role;
import candor.core.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code candor keys}: issue, revoke and list the API keys of the HTTP service. The local operator
 * (whoever can read the data directory) acts as admin; every change is audited with the
 * operator's OS user name.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = {"Manage the API keys of the service and of the command line's gallery commands",
        "(stored as SHA-256 hashes only). Local bootstrap: whoever can read the data directory",
        "acts as admin, audited as the operating-system user. Keys go to the deployment's store",
        "(recorded in the data directory), the one the server reads."},
    subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class, KeysCommand.ListKeys.class})
public final class KeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  /** The audit actor of a command run by the local operator: {@code cli:<OS user>}. */
  static String operator() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }

  /**
   * The store of the data directory's recorded deployment (SQLite at {@code DIR/candor.db} when
   * none is recorded yet), for commands that take no deployment options.
   */
  static JdbcStore openStore(DataOptions data) {
    return new GalleryOptions().openStore(data);
  }

  /** {@code candor keys create}: prints the new token alone on stdout, the details on stderr. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Issue an API key and print its token alone on standard output.",
          "The token is shown once; only its SHA-256 is stored."})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions gallery;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "admin, enroller, investigator, supervisor, auditor or privacy-officer.")
    String role;

    @Option(names = "--collections", arity = "1..*", split = ",", paramLabel = "C",
        description = "Collections the key may act on, or '*' for all (default for admin: all;"
            + " required for other roles).")
    List<String> collections;

    @Option(names = "--name", paramLabel = "N",
        description = "The user the key is issued to (default: the key's id). Two keys with one"
            + " name are one user for the two-person review rule.")
    String name;

    @Override
    public Integer call() {
      Role r = Role.parse(role);
      if (collections == null && r != Role.ADMIN) {
        throw new IllegalArgumentException("--collections is required for role " + r.label()
            + ": name the collections, or '*' for all");
      }
      CollectionGrant grant = collections == null ? CollectionGrant.allCollections()
          : CollectionGrant.of(new ArrayList<>(collections));
      try (JdbcStore store = gallery.openStore(data)) {
        IssuedKey issued = new ApiKeys(store).create(
            PolicyDecision.operator(operator(), Action.KEYS_MANAGE), new NewKey(r, grant, name));
        spec.commandLine().getOut().println(issued.token());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("created key " + issued.key().id() + " for "
            + issued.key().name() + ": role " + r.label() + ", collections " + grant
            + " (the token above is shown once)");
      }
      return ExitCodes.OK;
    }
  }

  /** {@code candor keys revoke ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke an API key; it stops working at once.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions gallery;

    @Parameters(index = "0", paramLabel = "ID", description = "The key's id (see keys list).")
    String id;

    @Override
    public Integer call() {
      try (JdbcStore store = gallery.openStore(data)) {
        ApiKey key = new ApiKeys(store).revoke(
            PolicyDecision.operator(operator(), Action.KEYS_MANAGE), id);
        spec.commandLine().getOut().println("revoked key " + key.id() + " (" + key.name() + ")");
      }
      return ExitCodes.OK;
    }
  }

  /** {@code candor keys list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the API keys: id, user, role, collections, created, status.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions gallery;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStore store = gallery.openStore(data)) {
        List<ApiKey> keys = new ApiKeys(store).list();
        out.printf("%-13s  %-20s  %-12s  %-24s  %-20s  %s%n",
            "ID", "USER", "ROLE", "COLLECTIONS", "CREATED", "STATUS");
        DateTimeFormatter time = DateTimeFormatter.ISO_INSTANT;
        for (ApiKey key : keys) {
          out.printf("%-13s  %-20s  %-12s  %-24s  %-20s  %s%n", key.id(), key.name(),
              key.role().label(), String.join(",", key.grant().asList()),
              time.format(key.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
              key.revoked().map(t -> "revoked " + time.format(
                  t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))).orElse("active"));
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
