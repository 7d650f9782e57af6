package candor.app.cli;

import candor.vision.Face;
import candor.vision.Pose;
import candor.vision.QualityReason;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One face as JSON: {@code box} is {@code [x, y, w, h]} and {@code landmarks} five {@code [x, y]}
 * points, in pixels of the upright original; {@code pose} in degrees.
 */
record FaceJson(
    @JsonProperty("box") float[] box,
    @JsonProperty("score") float score,
    @JsonProperty("landmarks") float[][] landmarks,
    @JsonProperty("pose") PoseJson pose,
    @JsonProperty("quality") QualityJson quality) {

  record QualityJson(@JsonProperty("score") float score, @JsonProperty("reasons") List<QualityReason> reasons) {}

  record PoseJson(@JsonProperty("yaw") float yaw, @JsonProperty("pitch") float pitch, @JsonProperty("roll") float roll) {
    static PoseJson of(Pose p) {
      return new PoseJson(round1(p.yaw()), round1(p.pitch()), round1(p.roll()));
    }
  }

  static FaceJson of(Face f) {
    float[] box = f.box().toArray();
    for (int i = 0; i < box.length; i++) {
      box[i] = round1(box[i]);
    }
    float[][] lm = f.landmarks().fiveAsRows();
    for (float[] p : lm) {
      p[0] = round1(p[0]);
      p[1] = round1(p[1]);
    }
    return new FaceJson(box, round3(f.score()), lm, PoseJson.of(f.pose()),
        new QualityJson(round3(f.quality().score()), f.quality().reasons()));
  }

  static float round1(float v) {
    return Math.round(v * 10) / 10f;
  }

  static float round3(float v) {
    return Math.round(v * 1000) / 1000f;
  }
}
