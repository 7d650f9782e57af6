package candor.vision.install;

import candor.vision.align.Alignment;
import candor.vision.pack.DetectionSettings;
import candor.vision.pack.EmbedderSettings;
import candor.vision.pack.Licence;
import candor.vision.pack.ModelPack;
import candor.vision.pack.ModelSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model distributions Candor knows how to describe itself, so that installing one takes one
 * command: the files, where each goes in the pack, and the terms their publishers state.
 */
public enum PackLayout {
  /**
   * An EdgeFace embedder exported to ONNX (Idiap, George et al., IEEE T-BIOM 2024): input
   * {@code [1, 3, 112, 112]}, R,G,B, {@code (x - 127.5) / 127.5}, a crop aligned on the ArcFace
   * template; a 512-d output. Behind the YuNet detector (installed separately, as for the
   * {@code yunet} pack), with the same zoomed-out pass for faces that fill the photo. The
   * published weights are CC BY-NC-SA 4.0 and trained on WebFace12M, whose terms are research-only.
   */
  EDGEFACE(new Licence("CC-BY-NC-SA-4.0", Licence.Use.RESEARCH_ONLY,
      "WebFace12M (research-only terms)", "https://github.com/otroshi/edgeface", "")),

  /**
   * An InsightFace model folder ({@code buffalo_l}, {@code buffalo_s}, ...): an SCRFD detector
   * {@code det_*.onnx} with five key points, run at 640x640, and an ArcFace recogniser
   * {@code w600k_*.onnx}: input {@code [1, 3, 112, 112]}, R,G,B, {@code (x - 127.5) / 127.5} on a
   * crop aligned on the ArcFace template. InsightFace releases its pretrained models for
   * non-commercial research only (commercial licences from its authors); the recognisers are
   * trained on WebFace600K.
   */
  INSIGHTFACE(new Licence("InsightFace-non-commercial", Licence.Use.NON_COMMERCIAL,
      "WebFace600K (non-commercial research terms)", "https://github.com/deepinsight/insightface#license", ""));

  /** The YuNet detector file an EdgeFace pack uses, as the built-in {@code yunet} pack names it. */
  static final ModelSpec YUNET = ModelPack.named("yunet", List.of()).detector();

  private final Licence licence;

  PackLayout(Licence licence) {
    this.licence = licence;
  }

  /** The terms the layout's publisher states for its models. */
  public Licence licence() {
    return licence;
  }

  /** The option spelling: {@code edgeface}, {@code insightface}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The pack's descriptor.
   *
   * @param name the pack's name
   * @param detector the detector file (ignored by {@link #EDGEFACE}, which uses YuNet)
   * @param embedder the embedder file
   * @param dimension the embedder's template dimension, as its graph gives it
   */
  ModelPack describe(String name, ModelSpec detector, ModelSpec embedder, int dimension) {
    EmbedderSettings input = new EmbedderSettings(112, false, 127.5f, 127.5f, Alignment.ARCFACE_112, dimension, false);
    String id = name + "-" + dimension + "-rgb-" + embedder.sha256().substring(0, 8);
    return switch (this) {
      case EDGEFACE -> new ModelPack(name, "EdgeFace embedder " + embedder.file() + " behind the YuNet 2023mar detector",
          YUNET, Optional.empty(), embedder, input, id, List.of(), new DetectionSettings(0.5, false, Float.NaN),
          Optional.empty(), licence);
      case INSIGHTFACE -> new ModelPack(name, "InsightFace SCRFD detector " + detector.file() + " and recogniser "
          + embedder.file(), detector, Optional.empty(), embedder, input, id, List.of(),
          new DetectionSettings(0.5, false, Float.NaN, 640), Optional.empty(), licence);
    };
  }

  /**
   * Parses the option spelling.
   *
   * @throws IllegalArgumentException naming the layouts
   */
  public static PackLayout parse(String text) {
    for (PackLayout l : values()) {
      if (l.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException("--layout must be edgeface or insightface, got '" + text + "'");
  }
}
