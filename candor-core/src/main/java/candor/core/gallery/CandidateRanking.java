package candor.core.gallery;

import candor.core.model.FusedTemplate;
import candor.index.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Orders the index's nearest templates into a search's candidates. A face search lists faces by
 * similarity. A subject search lists each subject once, with their most similar face, and ranks
 * the subjects by their {@link FusedTemplate fused template}: the normalised mean of all their
 * faces of the probe's model, which {@code candor eval ident} measured better than ranking by
 * the best face (cfp-dev profile probes against ten frontal photos per person: rank-1 71.0 %
 * against 68.6 %). Unidentified faces and subjects with one face keep their face's similarity.
 */
final class CandidateRanking {
  private CandidateRanking() {}

  /**
   * A candidate-to-be.
   *
   * @param face the face shown: the subject's most similar one among the hits
   * @param subject the face's subject, or {@code null} for an unidentified face
   * @param matchedFaces how many of the subject's faces were among the hits
   * @param subjectScore what the candidate is ranked by: the similarity to the subject's fused
   *     template, or the face's for a face search, an unidentified face or a one-face subject
   */
  record Ranked(SearchHit face, UUID subject, int matchedFaces, float subjectScore) {}

  /**
   * Ranks hits.
   *
   * @param hits the index's nearest templates, most similar first
   * @param owners each stored hit's subject (empty for an unidentified face); hits absent from
   *     it were erased after the index answered and are left out
   * @param by face or subject search
   * @param k how many candidates to return at most
   * @param probe the probe's template
   * @param subjectTemplates given the subjects among the hits (once per search), their templates
   *     of the probe's model; a subject erased meanwhile may be absent
   * @return at most {@code k} candidates, best first
   */
  static List<Ranked> rank(List<SearchHit> hits, Map<Long, Optional<UUID>> owners, SearchMode by,
      int k, float[] probe, Function<Set<UUID>, Map<UUID, List<float[]>>> subjectTemplates) {
    List<SearchHit> faces = new ArrayList<>();
    List<UUID> subjects = new ArrayList<>();
    List<Integer> matched = new ArrayList<>();
    Map<UUID, Integer> subjectIndex = new HashMap<>();
    for (SearchHit hit : hits) {
      Optional<UUID> owner = owners.get(hit.id());
      if (owner == null) {
        continue;
      }
      if (by == SearchMode.SUBJECT && owner.isPresent()) {
        Integer seen = subjectIndex.putIfAbsent(owner.get(), faces.size());
        if (seen != null) {
          matched.set(seen, matched.get(seen) + 1);
          continue;
        }
      }
      faces.add(hit);
      subjects.add(owner.orElse(null));
      matched.add(1);
    }
    // One store read for every subject among the hits, none for a face search.
    Map<UUID, List<float[]>> templatesOf = subjectIndex.isEmpty()
        ? Map.of()
        : subjectTemplates.apply(subjectIndex.keySet());
    List<Ranked> ranked = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      SearchHit face = faces.get(i);
      float score = face.score();
      if (subjects.get(i) != null) {
        List<float[]> templates = templatesOf.getOrDefault(subjects.get(i), List.of());
        if (templates.size() > 1) {
          score = (float) FusedTemplate.of(templates).similarity(probe);
        }
      }
      ranked.add(new Ranked(face, subjects.get(i), matched.get(i), score));
    }
    // Stable: equal scores keep the index's order.
    ranked.sort(Comparator.comparingDouble((Ranked r) -> r.subjectScore()).reversed());
    return List.copyOf(ranked.subList(0, Math.min(k, ranked.size())));
  }
}
