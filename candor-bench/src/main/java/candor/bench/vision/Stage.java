package candor.bench.vision;

/**
 * The stages {@link PipelineBenchmark} times one by one on each LFW image, in pipeline order, and
 * the whole {@code FacePipeline.analyze} call as a check on their sum.
 */
enum Stage {
  PROBE("probe (header, EXIF)", false, true),
  DECODE("decode (ImageLoader.load)", false, true),
  DETECT("detect (RfbDetector)", false, true),
  /**
   * The detector with the zoomed-out pass run on every photo: minus {@link #DETECT}, the cost of
   * the pass, which the default pack runs only on photos where the first pass found no face.
   */
  DETECT_ZOOM("detect + zoom-out pass, every photo", false, false),
  LANDMARKS("landmarks (Landmark68Model)", true, true),
  ALIGN("align (ArcFaceAligner)", true, true),
  QUALITY("quality (pose + assessor)", true, true),
  EMBED("embed, no flip test", true, false),
  EMBED_FLIP("embed, flip test", true, true),
  ANALYZE("FacePipeline.analyze", false, false);

  /** The row label in the table. */
  final String label;
  /** Whether the stage runs once per detected face rather than once per image. */
  final boolean perFace;
  /** Whether the stage is part of what {@code analyze} with the default config does. */
  final boolean inPipeline;

  Stage(String label, boolean perFace, boolean inPipeline) {
    this.label = label;
    this.perFace = perFace;
    this.inPipeline = inPipeline;
  }

  /** The stage's name in the JSON output: the constant in lower case. */
  String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
