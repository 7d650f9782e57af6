package candor.core.eval;

import candor.vision.Face;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.VisionException;
import candor.vision.image.ImageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Computes one template per image for an evaluation, on several threads. An image whose file is
 * unreadable or has no face maps to an empty template; the protocol counts it as a miss rather
 * than aborting the run.
 *
 * <p>Privacy: the templates live only in memory for the run.
 */
public final class TemplateExtractor {
  private final FacePipeline pipeline;
  private final ImageLoader loader;
  private final FaceChoice choice;
  private final int threads;

  /**
   * @param pipeline the engine
   * @param loader the image loader
   * @param choice which face stands for an image
   * @param threads worker threads (one ONNX Runtime thread each works best)
   */
  public TemplateExtractor(FacePipeline pipeline, ImageLoader loader, FaceChoice choice, int threads) {
    this.pipeline = pipeline;
    this.loader = loader;
    this.choice = choice;
    this.threads = Math.max(1, threads);
  }

  /**
   * The chosen face of each image, with its template and pose, by path; images without a usable
   * face map to empty.
   *
   * @param progress called with the count done after each image (from worker threads)
   */
  public Map<Path, Optional<Face>> extract(Collection<Path> images, IntConsumer progress) {
    Map<Path, Optional<Face>> out = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>(images.size());
      for (Path p : images) {
        futures.add(pool.submit(() -> {
          out.put(p, templateOf(p));
          progress.accept(done.incrementAndGet());
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Just the templates of {@link #extract}'s result. */
  public static Map<Path, Optional<float[]>> templates(Map<Path, Optional<Face>> faces) {
    Map<Path, Optional<float[]>> out = new java.util.HashMap<>();
    faces.forEach((p, f) -> out.put(p, f.map(face -> face.template().values())));
    return out;
  }

  private Optional<Face> templateOf(Path p) {
    try {
      ImageAnalysis a = pipeline.analyze(loader, Files.readAllBytes(p), p.toString(), true);
      return choice.choose(a.faces(), a.width(), a.height());
    } catch (IOException | VisionException e) {
      return Optional.empty();
    }
  }
}
