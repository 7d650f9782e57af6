package candor.core.eval;

import java.nio.file.Path;

/**
 * One verification pair of a protocol file.
 *
 * @param first the first image
 * @param second the second image
 * @param genuine whether both show the same person
 * @param fold the fold (0-based) this pair belongs to
 */
public record Pair(Path first, Path second, boolean genuine, int fold) {}
