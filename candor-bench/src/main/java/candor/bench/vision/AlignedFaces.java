package candor.bench.vision;

import candor.vision.DecodedImage;
import candor.vision.DetectedFace;
import candor.vision.VisionConfig;
import candor.vision.VisionException;
import candor.vision.align.ArcFaceAligner;
import candor.vision.align.BgrPixels;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.onnx.Landmark68Model;
import candor.vision.onnx.OnnxModel;
import candor.vision.onnx.RfbDetector;
import candor.vision.onnx.ZoomOut;
import candor.vision.pack.ModelPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The embedder's inputs for a set of photos: the largest face of each, found, located and aligned
 * as the default pack's {@link candor.vision.FacePipeline} does for a photo it decodes at full
 * resolution (LFW's 250x250 photos are), then packed as the embedder takes them: B,G,R planes,
 * {@code (x - 127) / 128}, 3x112x112 floats. For the embedder studies; not thread-safe.
 */
final class AlignedFaces implements AutoCloseable {

  /** Floats in one face tensor. */
  static final int TENSOR = 3 * ArcFaceAligner.SIZE * ArcFaceAligner.SIZE;

  private final ImageLoader loader = new ImageLoader(ImageLimits.defaults());
  private final RfbDetector detector;
  private final Landmark68Model landmarker;

  AlignedFaces(Path models) {
    ModelPack pack = ModelPack.named("default", List.of(models));
    VisionConfig config = VisionConfig.defaults();
    detector = new RfbDetector(model(pack, pack.detector(), RfbDetector.INPUT_SHAPE, models),
        pack.detection().thresholdOr(config.detectionThreshold()), config.minFaceSize(),
        new ZoomOut(pack.detection().zoomOut(), pack.detection().zoomOutAlways()));
    landmarker = new Landmark68Model(model(pack, pack.landmarker().orElseThrow(),
        Landmark68Model.INPUT_SHAPE, models), config.refineLandmarks(), config.flipLandmarks());
  }

  private static OnnxModel model(ModelPack pack, candor.vision.pack.ModelSpec spec, long[] shape,
      Path models) {
    return new OnnxModel(ModelPack.locate(spec, List.of(models)), spec.sha256(), shape, 1,
        VisionConfig.defaults().device());
  }

  /**
   * Every {@code step}-th JPEG of a folder tree, sorted by path.
   *
   * @param dir the folder
   * @param count how many
   * @return up to {@code count} files evenly spaced through the sorted list
   */
  static List<Path> spaced(Path dir, int count) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
          .sorted().toList();
    }
    int n = Math.min(count, all.size());
    List<Path> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      out.add(all.get((int) ((long) k * all.size() / n)));
    }
    return out;
  }

  /**
   * The embedder inputs of the largest face of each photo; photos without a face are skipped.
   *
   * @param files the photos
   * @return one tensor per photo with a face
   */
  List<float[]> tensors(List<Path> files) throws IOException {
    List<float[]> out = new ArrayList<>(files.size());
    for (Path file : files) {
      BgrPixels aligned;
      try {
        aligned = largest(Files.readAllBytes(file), file.toString());
      } catch (VisionException e) {
        continue;
      }
      if (aligned != null) {
        out.add(tensor(aligned));
      }
    }
    return out;
  }

  /** The aligned crop of the largest face, or null when there is none. */
  BgrPixels largest(byte[] bytes, String name) {
    DecodedImage image = loader.load(bytes, name);
    BgrPixels px = BgrPixels.of(image.pixels());
    DetectedFace face = detector.detect(image).stream()
        .max(Comparator.comparingDouble(d -> d.box().width() * d.box().height())).orElse(null);
    if (face == null) {
      return null;
    }
    return ArcFaceAligner.alignAntiAliased(px, landmarker.locate(px, face.box()));
  }

  /** B,G,R planes of an aligned crop, {@code (x - 127) / 128}, as {@code fr_feature.onnx} takes. */
  static float[] tensor(BgrPixels aligned) {
    int n = aligned.width() * aligned.height();
    float[] out = new float[3 * n];
    byte[] d = aligned.data();
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      out[i] = ((d[p] & 0xff) - 127f) / 128f;
      out[n + i] = ((d[p + 1] & 0xff) - 127f) / 128f;
      out[2 * n + i] = ((d[p + 2] & 0xff) - 127f) / 128f;
    }
    return out;
  }

  @Override
  public void close() {
    detector.close();
    landmarker.close();
  }
}
