package candor.app.cli;

import candor.core.store.PackStore;
import candor.vision.Device;
import candor.vision.FacePipeline;
import candor.vision.VisionConfig;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options that choose and tune the face engine, shared by every command that runs it. */
public final class EngineOptions {
  @Option(names = "--model-pack", paramLabel = "NAME",
      description = "Model pack: default (shipped) or yunet (install its detector first), or NAME.pack.properties in the model store (default: the gallery's current pack, else default).")
  String pack;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "CPU",
      description = "Where models run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); cuda needs the GPU build of ONNX Runtime.")
  Device device;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "Worker threads for multi-image work; 0 = one per core (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--intra-op-threads", paramLabel = "N", defaultValue = "1",
      description = "ONNX Runtime threads per model run; 0 = the runtime's choice (default: ${DEFAULT-VALUE}, best when several images run in parallel).")
  int intraOpThreads;

  @Option(names = "--flip-test",
      description = "Average each template with the mirrored face's: +0.07 points of LFW accuracy for 1.6x the CPU (default: off).")
  boolean flipTest;

  @Option(names = "--min-face", paramLabel = "PX", defaultValue = "" + VisionConfig.DEFAULT_MIN_FACE,
      description = "Smallest face height to look for, in pixels; larger values are faster on big photos (default: ${DEFAULT-VALUE}).")
  int minFace;

  /**
   * The options as the command line leaves them when none is given: the gallery's current pack
   * (the default pack when it records none) on CPU.
   *
   * @return the default engine options
   */
  static EngineOptions defaults() {
    EngineOptions o = new EngineOptions();
    o.device = Device.CPU;
    o.intraOpThreads = 1;
    o.minFace = VisionConfig.DEFAULT_MIN_FACE;
    return o;
  }

  /** The pack these options name: {@code --model-pack}, else {@code default}. */
  public String packName() {
    return pack != null ? pack : "default";
  }

  /**
   * The pack to run on a gallery whose current pack is {@code current}: that pack unless
   * {@code --model-pack} names another that makes the same templates (the default and yunet packs
   * do); the options' pack when the gallery records none.
   *
   * @throws IllegalArgumentException when --model-pack names a pack of other templates than the
   *     gallery's
   */
  String packFor(Optional<PackStore.GalleryPack> current, DataOptions data) {
    if (current.isEmpty()) {
      return packName();
    }
    if (pack == null) {
      return current.get().pack();
    }
    String model = ModelPack.named(pack, storeDirs(data)).templateModelId();
    if (!model.equals(current.get().modelId())) {
      throw new IllegalArgumentException("the gallery's current pack is " + current.get().pack() + " (templates "
          + current.get().modelId() + "); --model-pack " + pack + " makes " + model
          + " templates, which it does not hold: leave --model-pack out");
    }
    return pack;
  }

  /** Opens the pipeline of {@link #packFor} on a gallery. */
  public FacePipeline openFor(DataOptions data, Optional<PackStore.GalleryPack> current) {
    return open(data, packFor(current, data));
  }

  /** The current pack a deployment's store records, read without opening its index. */
  static Optional<PackStore.GalleryPack> recordedPack(candor.core.gallery.GalleryConfig config) {
    try (candor.core.store.jdbc.JdbcStore store = candor.core.store.jdbc.JdbcStore.open(config.store())) {
      return store.packs().currentPack();
    }
  }

  /** The worker thread count, resolved. */
  public int workers() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** The model store folders, first match wins: the data directory's, then the shipped models. */
  public static List<Path> storeDirs(DataOptions data) {
    List<Path> dirs = new ArrayList<>();
    dirs.add(data.modelStore());
    dirs.add(shippedModels());
    return dirs;
  }

  /** The shipped {@code models/} folder: under {@code candor.home} when the launcher sets it, else the working directory's. */
  static Path shippedModels() {
    String home = System.getProperty("candor.home");
    Path p = home != null ? Path.of(home, "models") : Path.of("models");
    return Files.isDirectory(p) ? p : Path.of("models");
  }

  /** Opens the pipeline these options describe. */
  public FacePipeline open(DataOptions data) {
    return open(data, packName());
  }

  /** Opens the pipeline these options describe, with another pack. */
  FacePipeline open(DataOptions data, String packName) {
    List<Path> dirs = storeDirs(data);
    VisionConfig config = VisionConfig.defaults().withDevice(device).withMinFaceSize(minFace).withIntraOpThreads(intraOpThreads).withFlipTest(flipTest);
    return FacePipeline.open(ModelPack.named(packName, dirs), dirs, config);
  }

  /** The image loader with the default limits. */
  public ImageLoader loader() {
    return new ImageLoader(ImageLimits.defaults());
  }
}
