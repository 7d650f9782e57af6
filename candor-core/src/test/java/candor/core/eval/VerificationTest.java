package candor.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins down the k-fold arithmetic: each fold is judged at the threshold the other folds chose. */
class VerificationTest {

  @Test
  void each_fold_is_scored_at_the_threshold_best_on_the_others() {
    List<Pair> pairs = new ArrayList<>();
    // fold 0 separates cleanly between 0.2 and 0.8; fold 1 needs a threshold near 0.2
    double[] scores = {0.9, 0.8, 0.1, 0.2, 0.5, 0.45, 0.55, 0.0};
    boolean[] genuine = {true, true, false, false, true, true, false, false};
    for (int i = 0; i < scores.length; i++) {
      pairs.add(new Pair(Path.of("a" + i + ".jpg"), Path.of("b" + i + ".jpg"), genuine[i], i / 4));
    }

    // fold 1 judged at fold 0's threshold (0.5): one genuine pair below it, one impostor above
    assertThat(Verification.foldAccuracy(pairs, scores, 1)).isEqualTo(0.5);
    // fold 0 judged at fold 1's threshold (0.225): all four right
    assertThat(Verification.foldAccuracy(pairs, scores, 0)).isEqualTo(1.0);
    VerificationResult r = Verification.evaluate(pairs, scores, p -> null, 0, p -> null);
    assertThat(r.accuracyMean()).isCloseTo(0.75, within(1e-12));
    assertThat(r.accuracyStd()).isCloseTo(0.25, within(1e-12));
    // impostors, highest first: 0.55, 0.2. At FAR 0.1 none may pass, so only genuine pairs above
    // 0.55 count (0.9, 0.8); at FAR 0.25 one may, so every genuine pair above 0.2 counts
    assertThat(Verification.tarAtFar(pairs, scores, 0.1)).isEqualTo(0.5);
    assertThat(Verification.tarAtFar(pairs, scores, 0.25)).isEqualTo(1.0);
  }
}
