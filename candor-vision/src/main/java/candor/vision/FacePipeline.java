package candor.vision;

import candor.vision.align.Alignment;
import candor.vision.align.BgrPixels;
import candor.vision.image.ImageInfo;
import candor.vision.image.ImageLoader;
import candor.vision.onnx.ArcFaceEmbedder;
import candor.vision.onnx.BlazeFaceDetector;
import candor.vision.onnx.Landmark68Model;
import candor.vision.onnx.ModelException;
import candor.vision.onnx.OnnxModel;
import candor.vision.onnx.RfbDetector;
import candor.vision.onnx.ScrfdDetector;
import candor.vision.onnx.YuNetDetector;
import candor.vision.onnx.ZoomOut;
import candor.vision.pack.ModelPack;
import candor.vision.pack.ModelSpec;
import candor.vision.pack.TurnedFaces;
import candor.vision.quality.PoseEstimator;
import candor.vision.quality.QualityAssessor;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The face engine: detect, locate landmarks, align onto the pack's five-point template (the ArcFace
 * 112x112 one for every pack so far), assess quality and embed, with the models of one {@link
 * ModelPack}.
 *
 * <p>Models are loaded once, in {@link #open}, which fails there (not on the first image) when a file
 * is missing, has the wrong hash or the wrong shape. All coordinates in results are pixels of the
 * orientation-corrected original image, origin top-left. Thread-safe: one instance serves every
 * thread; close it once to free the native sessions.
 */
public final class FacePipeline implements AutoCloseable {
  /** Below this eye distance in decoded pixels a subsampled decode is too coarse to align from. */
  private static final double MIN_DECODED_EYE_DISTANCE = 48;
  /** Score threshold of the turned-face model (MediaPipe's BlazeFace min_score_thresh). */
  private static final float TURNED_THRESHOLD = 0.75f;

  private final ModelPack pack;
  private final FaceDetector detector;
  private final Landmark68Model landmarker;
  private final ArcFaceEmbedder embedder;
  /** Keypoints for turned faces and a second search when the detector finds none; null when the pack has none. */
  private final BlazeFaceDetector turned;
  private final double turnedMinYaw;
  private final Alignment alignment;

  private FacePipeline(ModelPack pack, FaceDetector detector, Landmark68Model landmarker, ArcFaceEmbedder embedder,
      BlazeFaceDetector turned) {
    this.pack = pack;
    this.detector = detector;
    this.landmarker = landmarker;
    this.embedder = embedder;
    this.turned = turned;
    this.turnedMinYaw = pack.turnedFaces().map(TurnedFaces::minYaw).orElse(90.0);
    this.alignment = pack.embedding().alignment();
  }

  /**
   * Loads a pack's models.
   *
   * @param pack the pack
   * @param storeDirs folders to find the model files in, first match wins
   * @param config engine settings
   * @throws ModelException or IllegalArgumentException when a model is missing, wrong or unknown
   */
  public static FacePipeline open(ModelPack pack, List<Path> storeDirs, VisionConfig config) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      FaceDetector detector = switch (pack.detector().kind()) {
        case "rfb320" -> new RfbDetector(load(pack.detector(), storeDirs, RfbDetector.INPUT_SHAPE, config),
            pack.detection().thresholdOr(config.detectionThreshold()), config.minFaceSize(), zoomOut(pack));
        case "yunet" -> new YuNetDetector(load(pack.detector(), storeDirs, YuNetDetector.INPUT_SHAPE, config),
            pack.detection().thresholdOr(Math.min(config.detectionThreshold(), 0.6f)), config.minFaceSize(),
            zoomOut(pack));
        case "scrfd" -> {
          int size = scrfdSize(pack);
          yield new ScrfdDetector(load(pack.detector(), storeDirs, new long[] {1, 3, size, size}, config), size,
              pack.detection().thresholdOr(Math.min(config.detectionThreshold(), ScrfdDetector.DEFAULT_THRESHOLD)),
              config.minFaceSize(), zoomOut(pack));
        }
        case "blazeface128", "blazeface256" -> {
          BlazeFaceDetector.Variant v = pack.detector().kind().equals("blazeface128")
              ? BlazeFaceDetector.Variant.SHORT_RANGE : BlazeFaceDetector.Variant.FULL_RANGE;
          yield new BlazeFaceDetector(load(pack.detector(), storeDirs, v.inputShape(), config), v,
              pack.detection().thresholdOr(config.detectionThreshold()), config.minFaceSize(), zoomOut(pack));
        }
        default -> throw new IllegalArgumentException(pack.name() + ": unknown detector kind " + pack.detector().kind());
      };
      opened.add(detector);
      BlazeFaceDetector turned = null;
      if (pack.turnedFaces().isPresent()) {
        ModelSpec spec = pack.turnedFaces().get().model();
        BlazeFaceDetector.Variant v = switch (spec.kind()) {
          case "blazeface128" -> BlazeFaceDetector.Variant.SHORT_RANGE;
          case "blazeface256" -> BlazeFaceDetector.Variant.FULL_RANGE;
          default -> throw new IllegalArgumentException(pack.name() + ": unknown turned-face model kind " + spec.kind());
        };
        // its own threshold: MediaPipe's published minimum score for BlazeFace
        turned = new BlazeFaceDetector(load(spec, storeDirs, v.inputShape(), config), v, TURNED_THRESHOLD,
            config.minFaceSize(), zoomOut(pack));
        opened.add(turned);
      }
      Landmark68Model landmarker = null;
      if (pack.landmarker().isPresent()) {
        ModelSpec spec = pack.landmarker().get();
        if (!spec.kind().equals("landmark68")) {
          throw new IllegalArgumentException(pack.name() + ": unknown landmarker kind " + spec.kind());
        }
        landmarker = new Landmark68Model(load(spec, storeDirs, Landmark68Model.INPUT_SHAPE, config),
            config.refineLandmarks(), config.flipLandmarks());
        opened.add(landmarker);
      } else if (!detector.givesLandmarks()) {
        throw new IllegalArgumentException(pack.name() + ": the detector gives no landmarks and the pack has no landmarker");
      }
      if (!EMBEDDER_KINDS.contains(pack.embedder().kind())) {
        throw new IllegalArgumentException(pack.name() + ": unknown embedder kind " + pack.embedder().kind());
      }
      OnnxModel embedderModel = load(pack.embedder(), storeDirs, pack.embedding().inputShape(), config);
      opened.add(embedderModel);
      ArcFaceEmbedder embedder = new ArcFaceEmbedder(embedderModel, pack.embedding(), config.flipTest());
      return new FacePipeline(pack, detector, landmarker, embedder, turned);
    } catch (RuntimeException e) {
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** The embedder kinds a pack may name: an aligned crop in, one vector out. */
  public static final java.util.Set<String> EMBEDDER_KINDS = java.util.Set.of("arcface112", "arcface");

  /** The window side a pack's SCRFD detector runs at: {@code detector.size}, else 640. */
  public static int scrfdSize(ModelPack pack) {
    return pack.detection().inputSize() > 0 ? pack.detection().inputSize() : ScrfdDetector.DEFAULT_SIZE;
  }

  private static ZoomOut zoomOut(ModelPack pack) {
    return new ZoomOut(pack.detection().zoomOut(), pack.detection().zoomOutAlways());
  }

  private static OnnxModel load(ModelSpec spec, List<Path> dirs, long[] shape, VisionConfig config) {
    return new OnnxModel(ModelPack.locate(spec, dirs), spec.sha256(), shape, config.intraOpThreads(), config.device());
  }

  /** The pack this pipeline runs. */
  public ModelPack pack() {
    return pack;
  }

  /** The id stamped on every template this pipeline makes. */
  public String modelId() {
    return pack.templateModelId();
  }

  /** Template dimension. */
  public int dimension() {
    return embedder.dimension();
  }

  /**
   * Decodes an encoded image and analyses its faces: the decode for detection is subsampled as
   * far as the detector allows (much cheaper for large JPEGs), and small faces are cut from the
   * full resolution.
   *
   * @param loader the image loader, with its byte and pixel limits
   * @param bytes the encoded image
   * @param name what error messages call it (a file name)
   * @param embed whether to compute templates
   * @throws VisionException when the image is unreadable or too large
   */
  public ImageAnalysis analyze(ImageLoader loader, byte[] bytes, String name, boolean embed) {
    return analyze(loader, bytes, name, embed, decoded -> {});
  }

  /**
   * As {@link #analyze(ImageLoader, byte[], String, boolean)}, and hands the decode that detection
   * ran on to {@code decoded} before the faces are analysed, so that a caller cutting more from
   * the same image (ingest cuts review crops) need not decode it again when it is at full
   * resolution ({@link DecodedImage#scale()} 1). The consumer must not change the pixels.
   *
   * @param decoded told of the decode, on the calling thread
   * @throws VisionException when the image is unreadable or too large
   */
  public ImageAnalysis analyze(ImageLoader loader, byte[] bytes, String name, boolean embed,
      Consumer<DecodedImage> decoded) {
    return analyze(loader, bytes, name, embed, decoded, FaceFilter.ALL);
  }

  /**
   * As {@link #analyze(ImageLoader, byte[], String, boolean, Consumer)}, analysing only the
   * detected faces that {@code filter} keeps: the result holds those faces only.
   *
   * @param filter which detected faces to analyse
   * @throws VisionException when the image is unreadable or too large
   */
  public ImageAnalysis analyze(ImageLoader loader, byte[] bytes, String name, boolean embed,
      Consumer<DecodedImage> decoded, FaceFilter filter) {
    Objects.requireNonNull(filter, "filter");
    ImageInfo info = loader.probe(bytes, name);
    double scale = detector.requiredScale(info.width(), info.height());
    int maxSide = (int) Math.ceil(Math.max(info.width(), info.height()) * scale);
    DecodedImage image = loader.loadForDetection(bytes, name, Math.max(1, maxSide));
    decoded.accept(image);
    RegionReader regions = image.scale() < 1 ? r -> loader.loadRegion(bytes, name, r) : null;
    return new ImageAnalysis(image.width(), image.height(), image.format(),
        analyze(image, regions, embed, filter));
  }

  /** Detects faces and analyses each fully, templates included; best detection first. */
  public List<Face> analyze(DecodedImage image) {
    return analyze(image, null, true);
  }

  /** Detects faces with landmarks, pose and quality but no template. */
  public List<Face> detect(DecodedImage image) {
    return analyze(image, null, false);
  }

  /**
   * Analyses faces found in a possibly subsampled decode, cutting small faces from the full
   * resolution through {@code fullResolution} when given.
   *
   * @param image the decode detection runs on
   * @param fullResolution reads a region of the original at full resolution, or null
   * @param embed whether to compute templates
   */
  public List<Face> analyze(DecodedImage image, RegionReader fullResolution, boolean embed) {
    return analyze(image, fullResolution, embed, FaceFilter.ALL);
  }

  private List<Face> analyze(DecodedImage image, RegionReader fullResolution, boolean embed,
      FaceFilter filter) {
    Objects.requireNonNull(image, "image");
    List<DetectedFace> detections = detector.detect(image);
    // a second detector where the first finds nothing: its detections carry its own keypoints
    boolean second = detections.isEmpty() && turned != null;
    if (second) {
      detections = turned.detect(image);
    }
    detections = kept(detections, filter, image.width(), image.height());
    List<Face> faces = new ArrayList<>(detections.size());
    BgrPixels decoded = detections.isEmpty() ? null : BgrPixels.of(image.pixels());
    for (DetectedFace d : detections) {
      faces.add(analyzeOne(image, decoded, d, fullResolution, embed, !second));
    }
    return faces;
  }

  /** The detections a filter keeps, in detection order. */
  private static List<DetectedFace> kept(List<DetectedFace> detections, FaceFilter filter,
      int width, int height) {
    if (filter == FaceFilter.ALL || detections.isEmpty()) {
      return detections;
    }
    int[] keep = filter.keep(detections.stream().map(DetectedFace::box).toList(), width, height);
    boolean[] chosen = new boolean[detections.size()];
    for (int i : keep) {
      chosen[Objects.checkIndex(i, detections.size())] = true;
    }
    List<DetectedFace> kept = new ArrayList<>(keep.length);
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i]) {
        kept.add(detections.get(i));
      }
    }
    return kept;
  }

  private Face analyzeOne(DecodedImage image, BgrPixels decoded, DetectedFace d, RegionReader fullRes, boolean embed,
      boolean checkTurned) {
    double scale = image.scale();
    BgrPixels source = decoded;
    double toSource = scale; // source pixels per original pixel
    double offX = 0, offY = 0; // origin of source in original pixels
    if (scale < 1 && fullRes != null && d.box().width() * scale < 2.5 * MIN_DECODED_EYE_DISTANCE) {
      // small face in a subsampled decode: re-read its neighbourhood at full resolution
      BoundingBox b = d.box();
      int margin = (int) Math.ceil(Math.max(b.width(), b.height()));
      Rectangle r = new Rectangle((int) b.x() - margin, (int) b.y() - margin,
          (int) b.width() + 2 * margin, (int) b.height() + 2 * margin)
          .intersection(new Rectangle(0, 0, image.width(), image.height()));
      if (!r.isEmpty()) {
        source = BgrPixels.of(fullRes.read(r));
        toSource = 1;
        offX = r.x;
        offY = r.y;
      }
    }
    BoundingBox boxInSource = new BoundingBox((float) ((d.box().x() - offX) * toSource),
        (float) ((d.box().y() - offY) * toSource), (float) (d.box().width() * toSource), (float) (d.box().height() * toSource));
    Landmarks inSource = d.landmarks().isPresent()
        ? d.landmarks().get().translated(-offX, -offY).scaled(toSource)
        : landmarker.locate(source, boxInSource);
    if (checkTurned && turned != null) {
      inSource = turnedLandmarks(source, boxInSource).orElse(inSource);
    }
    Landmarks original = inSource.scaled(1 / toSource).translated(offX, offY);
    BgrPixels aligned = alignment.alignAntiAliased(source, inSource);
    // quality is measured on the ArcFace 112x112 crop whatever the embedder reads, so that scores
    // of different packs mean the same
    BgrPixels forQuality = alignment.equals(Alignment.ARCFACE_112)
        ? aligned : Alignment.ARCFACE_112.alignAntiAliased(source, inSource);
    Pose pose = PoseEstimator.estimate(original);
    double eyeDist = Math.hypot(original.x(1) - original.x(0), original.y(1) - original.y(0));
    Quality quality = QualityAssessor.assess(forQuality, eyeDist, pose, d.score());
    Optional<Embedding> template = embed
        ? Optional.of(new Embedding(embedder.embed(aligned), modelId()))
        : Optional.empty();
    return new Face(d.box(), d.score(), original, pose, quality, template);
  }

  /**
   * The turned-face model's keypoints for this face when it estimates the head turned by at least
   * the pack's {@code turned.minYaw}: the main landmarks were trained on faces seen from the front
   * and misplace the hidden side of a profile. No built-in pack uses it yet: on cfp-dev (issue #6)
   * it gave 87.03 % with the default pack and 87.74 % with yunet (BlazeFace 128, minYaw 45).
   */
  private Optional<Landmarks> turnedLandmarks(BgrPixels source, BoundingBox box) {
    return turned.detectAround(source, box)
        .flatMap(DetectedFace::landmarks)
        .filter(l -> Math.abs(PoseEstimator.estimate(l).yaw()) >= turnedMinYaw);
  }

  @Override
  public void close() {
    detector.close();
    if (turned != null) {
      turned.close();
    }
    if (landmarker != null) {
      landmarker.close();
    }
    embedder.close();
  }

  /** Reads a region of an image at full resolution, for faces too small in a subsampled decode. */
  @FunctionalInterface
  public interface RegionReader {
    /**
     * The region's pixels, 3-byte BGR.
     *
     * @param regionInOriginal the region, in pixels of the orientation-corrected original
     */
    java.awt.image.BufferedImage read(Rectangle regionInOriginal);
  }
}
