package candor.app.cli.gallery;

import static candor.app.cli.gallery.GalleryCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import candor.app.cli.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access matrix of the command line: every gallery command × every role × a granted and an
 * ungranted collection, plus no key and a revoked key, asserting the exit code exactly (0 done,
 * 3 refused, 1 for an object in an ungranted collection, which answers as an unknown one). The
 * expected table is written out here, independently of the core's role definitions, and is the
 * HTTP access matrix's: the command line is one more client of the same operations.
 */
class CliAccessMatrixTest {

  enum Role { ADMIN, ENROLLER, INVESTIGATOR, SUPERVISOR, AUDITOR, PRIVACY_OFFICER }

  enum Target { GRANTED, UNGRANTED }

  /** How an allowed role fails on an ungranted collection: refused, or as if it did not exist. */
  enum Ungranted { DENIED, UNKNOWN }

  record Command(String name, Set<Role> allowed, Ungranted ungranted, Call call) {
    boolean scoped() {
      return ungranted != null;
    }
  }

  @FunctionalInterface
  interface Call {
    GalleryCli.Run run(Object[] key, Target target);
  }

  @TempDir static Path tmp;
  static Path data;
  static final Map<Role, Path> keys = new EnumMap<>(Role.class);
  static Path revoked;
  static Path setupEnroller;
  static final AtomicInteger counter = new AtomicInteger();

  static final Set<Role> ALL = EnumSet.allOf(Role.class);

  static String c(Target t) {
    return t == Target.GRANTED ? "g" : "o";
  }

  @BeforeAll
  static void bootstrap() {
    data = tmp.resolve("data");
    Path admin = key("admin", null, "ops");
    for (String name : List.of("g", "o")) {
      ok(run("collections", "create", name, "--data", data, "--purpose", "test",
          "--lawful-basis", "authority", "--basis-ref", "Act 1", "--retention", "P5Y",
          "--key-file", admin));
    }
    for (Role role : Role.values()) {
      keys.put(role, key(role.name().toLowerCase(), "g", role.name().toLowerCase() + "-user"));
    }
    revoked = key("investigator", "g", "gone");
    String revokedId = read(revoked).split("_")[1];
    ok(run("keys", "revoke", revokedId, "--data", data));
    setupEnroller = key("enroller", "*", "setup");
    for (String name : List.of("g", "o")) {
      Path folder = tmp.resolve("enrol-" + name).resolve("person_0");
      GalleryCli.person(0, 0.8, 200, folder.resolve("a.jpg"));
      ok(run("ingest", folder.getParent(), "--data", data, "--collection", name,
          "--subject-from-folder", "--lawful-basis", "authority", "--basis-ref", "Act 1",
          "--key-file", setupEnroller));
    }
  }

  /** A new photo in a collection, for one erasure: its digest. */
  static String freshMedia(Target t) {
    Path photo = GalleryCli.person(1, 0.8, 150 + counter.incrementAndGet(),
        tmp.resolve("media-" + counter.get() + "/p.jpg"));
    ok(run("ingest", photo, "--data", data, "--collection", c(t), "--lawful-basis",
        "authority", "--basis-ref", "Act 1", "--key-file", setupEnroller));
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(photo)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Command> commands() {
    Path probe = GalleryCli.probe(0, tmp.resolve("probe.jpg"));
    return List.of(
        new Command("ingest", EnumSet.of(Role.ENROLLER), Ungranted.UNKNOWN, (key, t) -> {
          Path photo = GalleryCli.person(2, 0.8, 150 + counter.incrementAndGet(),
              tmp.resolve("in-" + counter.get() + "/p.jpg"));
          return run(args(key, "ingest", photo, "--data", data, "--collection", c(t),
              "--lawful-basis", "authority", "--basis-ref", "Act 1"));
        }),
        new Command("search", EnumSet.of(Role.INVESTIGATOR, Role.SUPERVISOR), Ungranted.DENIED,
            (key, t) -> run(args(key, "search", probe, "--data", data, "--collection", c(t),
                "--purpose", "missing-person", "--case", "M-1"))),
        new Command("erase --media", EnumSet.of(Role.ADMIN, Role.ENROLLER), Ungranted.UNKNOWN,
            (key, t) -> run(args(key, "erase", "--media", freshMedia(t), "--collection", c(t),
                "--data", data))),
        new Command("subjects", EnumSet.of(Role.ENROLLER, Role.INVESTIGATOR, Role.SUPERVISOR),
            Ungranted.UNKNOWN, (key, t) -> run(args(key, "subjects", "--collection", c(t),
                "--data", data))),
        new Command("collections", ALL, null,
            (key, t) -> run(args(key, "collections", "--data", data))),
        new Command("collections create", EnumSet.of(Role.ADMIN), null,
            (key, t) -> run(args(key, "collections", "create", "c" + counter.incrementAndGet(),
                "--data", data, "--purpose", "p", "--lawful-basis", "consent", "--basis-ref",
                "r"))),
        new Command("retention run", EnumSet.of(Role.ADMIN), null,
            (key, t) -> run(args(key, "retention", "run", "--data", data))),
        new Command("retention schedule", ALL, null,
            (key, t) -> run(args(key, "retention", "schedule", "--data", data))),
        new Command("index optimize", EnumSet.of(Role.ADMIN), null,
            (key, t) -> run(args(key, "index", "optimize", "--data", data))),
        new Command("index rebuild", EnumSet.of(Role.ADMIN), null,
            (key, t) -> run(args(key, "index", "rebuild", "--data", data))),
        new Command("gallery migrate --status", EnumSet.of(Role.ADMIN), null,
            (key, t) -> run(args(key, "gallery", "migrate", "--status", "--data", data))),
        new Command("requests list", EnumSet.of(Role.PRIVACY_OFFICER), null,
            (key, t) -> run(args(key, "requests", "list", "--data", data))));
  }

  @TestFactory
  Stream<DynamicTest> every_gallery_command_by_every_role_on_granted_and_ungranted_collections() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Command command : commands()) {
      for (Role role : Role.values()) {
        for (Target target : command.scoped() ? Target.values() : new Target[] {Target.GRANTED}) {
          int expected = expected(command, role, target);
          tests.add(DynamicTest.dynamicTest(command.name() + " as " + role + " on " + target
              + " -> exit " + expected, () -> check(command.call().run(
                  new Object[] {"--key-file", keys.get(role)}, target), expected)));
        }
      }
      tests.add(DynamicTest.dynamicTest(command.name() + " without a key -> exit 3", () -> {
        GalleryCli.Run r = command.call().run(new Object[0], Target.GRANTED);
        check(r, ExitCodes.DENIED);
        assertThat(r.err()).contains("needs an API key").contains("candor keys create");
      }));
      tests.add(DynamicTest.dynamicTest(command.name() + " with a revoked key -> exit 3", () -> {
        GalleryCli.Run r = command.call().run(new Object[] {"--key-file", revoked},
            Target.GRANTED);
        check(r, ExitCodes.DENIED);
        assertThat(r.err()).contains("the API key is unknown or revoked");
      }));
    }
    tests.add(DynamicTest.dynamicTest("refusals are audited and the chain stays intact", () -> {
      GalleryCli.Run verify = run("audit", "verify", "--data", data);
      check(verify, ExitCodes.OK);
      assertThat(verify.out()).startsWith("audit chain intact: ");
    }));
    return tests.stream();
  }

  static int expected(Command command, Role role, Target target) {
    if (command.allowed().contains(role) == false) {
      return ExitCodes.DENIED;
    }
    if (target == Target.UNGRANTED) {
      return command.ungranted() == Ungranted.DENIED ? ExitCodes.DENIED : ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  static void check(GalleryCli.Run r, int expected) {
    assertThat(r.exit()).as("stdout: %s%nstderr: %s", r.out(), r.err()).isEqualTo(expected);
  }

  static Object[] args(Object[] key, Object... args) {
    Object[] all = new Object[args.length + key.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(key, 0, all, args.length, key.length);
    return all;
  }

  static Path key(String role, String collections, String name) {
    List<Object> args = new ArrayList<>(List.of("keys", "create", "--data", data, "--role", role,
        "--name", name));
    if (collections != null) {
      args.addAll(List.of("--collections", collections));
    }
    GalleryCli.Run r = run(args.toArray());
    ok(r);
    try {
      return Files.writeString(tmp.resolve(name + ".key"), r.out().strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void ok(GalleryCli.Run r) {
    check(r, ExitCodes.OK);
  }
}
