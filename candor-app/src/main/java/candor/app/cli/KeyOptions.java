package candor.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The API key a gallery command acts with: from {@code --key-file}, else from the environment
 * variable {@value #ENV}. The command line is a client like any other: its commands are checked
 * against the key's role and collections and audited under the key's user.
 */
public final class KeyOptions {

  /** The environment variable that may hold the caller's API key. */
  static final String ENV = "CANDOR_API_KEY";

  /** What to do without a key, said once wherever a key is missing or refused. */
  static final String HOW = "an admin issues one with `candor keys create --role ROLE"
      + " --collections C --name YOU --data DIR > my.key`; then pass --key-file my.key or set "
      + ENV;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "A file holding your API key (default: the environment variable " + ENV
          + "). Gallery commands act as the key's user, with its role and collections.")
  Path keyFile;

  /**
   * Returns the caller's API key.
   *
   * @return the token, stripped
   * @throws KeyRequiredException if no key is given, or the key file cannot be read
   */
  String token() {
    if (keyFile != null) {
      try {
        String token = Files.readString(keyFile).strip();
        if (token.isEmpty()) {
          throw new KeyRequiredException("--key-file " + keyFile + " is empty: " + HOW);
        }
        return token;
      } catch (IOException e) {
        throw new KeyRequiredException("--key-file " + keyFile + ": cannot read it ("
            + e.getClass().getSimpleName() + ")");
      }
    }
    String env = System.getenv(ENV);
    if (env == null || env.isBlank()) {
      throw new KeyRequiredException("this command needs an API key: " + HOW);
    }
    return env.strip();
  }
}
