package candor.vision.onnx;

import candor.vision.BoundingBox;
import candor.vision.DecodedImage;
import candor.vision.DetectedFace;
import candor.vision.FaceDetector;
import candor.vision.Landmarks;
import candor.vision.align.AffineWarp;
import candor.vision.align.BgrPixels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The search strategy shared by fixed-input detectors: one pass over the whole image letterboxed
 * into the model's window, then, for faces too small for that pass, finer pyramid levels cut into
 * overlapping tiles, then non-maximum suppression by score.
 *
 * <p>A level at scale {@code s} finds faces whose height in the window is between
 * {@link #minWindowFace()} and the tile overlap; levels are {@link #LEVEL_RATIO} apart so every face
 * size is covered by some level. Detections that touch an inner tile edge are dropped: the face
 * continues into the neighbouring tile, which sees it whole. Thread-safe when the subclass's
 * {@link #runWindow} is.
 */
abstract class WindowedDetector implements FaceDetector {
  /** Scale step between pyramid levels. */
  static final double LEVEL_RATIO = 3.0;
  /** IoU above which the lower-scored of two boxes is suppressed. */
  static final float NMS_IOU = 0.4f;

  private final int windowWidth;
  private final int windowHeight;
  private final int minFaceSize;
  private final ZoomOut zoomOut;

  /**
   * @param windowWidth model input width
   * @param windowHeight model input height
   * @param minFaceSize smallest face height to look for, in original-image pixels
   * @param zoomOut the zoomed-out pass for faces that fill the photo, or {@link ZoomOut#NONE}; it
   *     runs after the whole-image pass, whose result decides a rescue-only pass
   */
  WindowedDetector(int windowWidth, int windowHeight, int minFaceSize, ZoomOut zoomOut) {
    this.windowWidth = windowWidth;
    this.windowHeight = windowHeight;
    this.minFaceSize = minFaceSize;
    this.zoomOut = java.util.Objects.requireNonNull(zoomOut, "zoomOut");
  }

  /** Smallest face height, in window pixels, the model finds reliably. */
  abstract int minWindowFace();

  /**
   * Runs the model on one window-sized crop.
   *
   * @return faces in window pixels, already thresholded
   */
  abstract List<DetectedFace> runWindow(BgrPixels window);

  @Override
  public double requiredScale(int width, int height) {
    double coarse = Math.min((double) windowWidth / width, (double) windowHeight / height);
    double finest = (double) minWindowFace() / minFaceSize;
    return Math.min(1.0, Math.max(coarse, finest));
  }

  @Override
  public List<DetectedFace> detect(DecodedImage image) {
    BgrPixels full = BgrPixels.of(image.pixels());
    List<DetectedFace> found = new ArrayList<>();
    int w = full.width();
    int h = full.height();
    double coarse = Math.min((double) windowWidth / w, (double) windowHeight / h);
    runLevel(full, coarse, false, found);
    if (zoomOut.runsAfter(found, h)) {
      runZoomedOut(full, coarse * zoomOut.fraction(), found);
    }
    // faces smaller than this (decoded pixels) are the finer levels' job
    double minDecodedFace = Math.max(1, minFaceSize * image.scale());
    double finest = minWindowFace() / minDecodedFace;
    double s = coarse;
    while (s < finest * 0.999) {
      s = Math.min(s * LEVEL_RATIO, finest);
      runLevel(full, s, true, found);
    }
    List<DetectedFace> kept = nms(found);
    double toOriginal = 1.0 / image.scale();
    if (toOriginal == 1.0) {
      return kept;
    }
    List<DetectedFace> mapped = new ArrayList<>(kept.size());
    for (DetectedFace f : kept) {
      mapped.add(new DetectedFace(f.box().scaled(toOriginal), f.score(), f.landmarks().map(l -> l.scaled(toOriginal))));
    }
    return mapped;
  }

  private void runLevel(BgrPixels full, double scale, boolean tiled, List<DetectedFace> out) {
    // Downscale by averaging first: bilinear sampling alone aliases at large reductions.
    BgrPixels source = full;
    double sourceScale = 1.0;
    while (scale / sourceScale < 0.5 && source.width() > 2 * windowWidth && source.height() > 2 * windowHeight) {
      source = source.halved();
      sourceScale *= 0.5;
    }
    double rel = scale / sourceScale; // window pixels per source pixel
    // whole pixels, so the last tile's far edge reaches the level's edge exactly and the loops end
    int levelW = (int) Math.ceil(source.width() * rel);
    int levelH = (int) Math.ceil(source.height() * rel);
    if (!tiled || (levelW <= windowWidth && levelH <= windowHeight)) {
      BgrPixels window = AffineWarp.warp(source, new double[] {1 / rel, 0, 0.5 / rel - 0.5, 0, 1 / rel, 0.5 / rel - 0.5},
          windowWidth, windowHeight);
      addMapped(runWindow(window), 0, 0, sourceScale * rel, levelW, levelH, false, out);
      return;
    }
    int overlapX = Math.min(windowWidth / 2, Math.max(minWindowFace() * 4, windowHeight * 2 / 5));
    int overlapY = overlapX;
    int strideX = windowWidth - overlapX;
    int strideY = windowHeight - overlapY;
    for (int ty = 0; ; ty += strideY) {
      int y0 = Math.min(ty, Math.max(0, levelH - windowHeight));
      for (int tx = 0; ; tx += strideX) {
        int x0 = Math.min(tx, Math.max(0, levelW - windowWidth));
        double[] m = {1 / rel, 0, (x0 + 0.5) / rel - 0.5, 0, 1 / rel, (y0 + 0.5) / rel - 0.5};
        BgrPixels window = AffineWarp.warp(source, m, windowWidth, windowHeight);
        List<DetectedFace> faces = new ArrayList<>();
        for (DetectedFace f : runWindow(window)) {
          // A face taller than the overlap may be cut by every tile that holds it, and the next
          // coarser level sees it whole at a third of the size: here it is only a part-face.
          if (f.box().height() <= overlapY) {
            faces.add(f);
          }
        }
        addMapped(faces, x0, y0, sourceScale * rel, levelW, levelH, true, out);
        if (x0 + windowWidth >= levelW) {
          break;
        }
      }
      if (y0 + windowHeight >= levelH) {
        break;
      }
    }
  }

  /** Runs the whole image shrunk to {@code scale} window pixels per decoded pixel, centred. */
  private void runZoomedOut(BgrPixels full, double scale, List<DetectedFace> out) {
    BgrPixels source = full;
    double sourceScale = 1.0;
    while (scale / sourceScale < 0.5 && source.width() > 2 * windowWidth && source.height() > 2 * windowHeight) {
      source = source.halved();
      sourceScale *= 0.5;
    }
    double rel = scale / sourceScale;
    int padX = (int) Math.round((windowWidth - source.width() * rel) / 2);
    int padY = (int) Math.round((windowHeight - source.height() * rel) / 2);
    double[] m = {1 / rel, 0, (0.5 - padX) / rel - 0.5, 0, 1 / rel, (0.5 - padY) / rel - 0.5};
    BgrPixels window = AffineWarp.warp(source, m, windowWidth, windowHeight);
    addMapped(runWindow(window), -padX, -padY, sourceScale * rel, windowWidth, windowHeight, false, out);
  }

  /**
   * Maps faces from a window at offset (x0, y0) of a level whose scale is {@code levelScale} window
   * pixels per decoded pixel back to decoded pixels.
   */
  private void addMapped(List<DetectedFace> faces, int x0, int y0, double levelScale,
      int levelW, int levelH, boolean dropSeams, List<DetectedFace> out) {
    double toDecoded = 1.0 / levelScale;
    final float edge = 3f;
    for (DetectedFace f : faces) {
      BoundingBox b = f.box();
      if (dropSeams) {
        boolean innerLeft = x0 > 0 && b.x() < edge;
        boolean innerTop = y0 > 0 && b.y() < edge;
        boolean innerRight = x0 + windowWidth < levelW - 1 && b.right() > windowWidth - edge;
        boolean innerBottom = y0 + windowHeight < levelH - 1 && b.bottom() > windowHeight - edge;
        if (innerLeft || innerTop || innerRight || innerBottom) {
          continue;
        }
      }
      BoundingBox mapped = new BoundingBox(
          (float) ((b.x() + x0) * toDecoded), (float) ((b.y() + y0) * toDecoded),
          (float) (b.width() * toDecoded), (float) (b.height() * toDecoded));
      Optional<Landmarks> lm = f.landmarks().map(l -> new Landmarks(
          mapPoints(l.five(), x0, y0, toDecoded), mapPoints(l.dense(), x0, y0, toDecoded)));
      out.add(new DetectedFace(mapped, f.score(), lm));
    }
  }

  private static float[] mapPoints(float[] p, int x0, int y0, double toDecoded) {
    for (int i = 0; i < p.length; i += 2) {
      p[i] = (float) ((p[i] + x0) * toDecoded);
      p[i + 1] = (float) ((p[i + 1] + y0) * toDecoded);
    }
    return p;
  }

  /** Greedy non-maximum suppression by score, best first. */
  static List<DetectedFace> nms(List<DetectedFace> faces) {
    List<DetectedFace> sorted = new ArrayList<>(faces);
    sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
    List<DetectedFace> kept = new ArrayList<>();
    for (DetectedFace f : sorted) {
      boolean suppressed = false;
      for (DetectedFace k : kept) {
        if (k.box().iou(f.box()) > NMS_IOU || contains(k.box(), f.box())) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(f);
      }
    }
    return kept;
  }

  /** Whether {@code inner} lies mostly inside {@code outer}: a part-face box inside a whole face. */
  private static boolean contains(BoundingBox outer, BoundingBox inner) {
    float ix = Math.max(0, Math.min(outer.right(), inner.right()) - Math.max(outer.x(), inner.x()));
    float iy = Math.max(0, Math.min(outer.bottom(), inner.bottom()) - Math.max(outer.y(), inner.y()));
    return ix * iy > 0.8f * inner.area();
  }
}
