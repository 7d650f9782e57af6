/**
 * The {@code candor} subcommands, one class each: they parse options, call one engine or core
 * method and print human text or, with {@code --json}, stable snake_case JSON.
 */
package candor.app.cli;
