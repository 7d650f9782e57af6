package candor.vision.image;

import candor.vision.DecodedImage;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes untrusted image bytes into upright 3-byte BGR pixels, refusing oversized inputs before
 * any pixel is decoded.
 *
 * <p>Every method follows the same steps. First it checks the byte size. Then it recognises the
 * format from the magic bytes (JPEG, PNG, GIF, BMP or WebP; the name is used only in messages). It
 * reads width and height from the header with {@link ImageReader#getWidth}, which decodes no pixel,
 * and checks them against the {@link ImageLimits}: first the pixel count, then the longer side. It
 * reads the EXIF orientation with metadata-extractor. Only then does it decode, convert to {@link
 * BufferedImage#TYPE_3BYTE_BGR} (transparency composited on white, grey replicated into B, G and
 * R) and turn the pixels upright. All coordinates and sizes in this API are in pixels of the upright
 * image, origin at the top-left, unless a method says otherwise.
 *
 * <p>Damaged files: a JPEG cut inside its header, or before any of its image data, is refused. A
 * JPEG cut inside its image data is accepted, as browsers and libjpeg do: the missing part decodes
 * as uniform grey and the reader's warnings are logged at debug level. Other formats are refused
 * when cut, because their ImageIO readers return no partial image.
 *
 * <p>Errors: {@link UnreadableImageException} for empty, truncated, corrupt or unsupported input;
 * {@link ImageTooLargeException} for input over a limit. Decoder failures of any kind, {@code
 * OutOfMemoryError} and runtime exceptions from inside ImageIO included, become an {@code
 * UnreadableImageException} with the original as its cause. Messages are one line and start with
 * the name given for the input. Bad arguments (null, a non-positive size, a region outside the
 * image) throw {@link NullPointerException} or {@link IllegalArgumentException}.
 *
 * <p>Thread-safety: an instance is immutable and may be shared. Each call creates its own {@link
 * ImageReader}, so calls run in parallel. The byte arrays passed in are read, never kept, and must
 * not change during a call.
 */
public final class ImageLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ImageLoader.class);
  private static final String SUPPORTED =
      Arrays.stream(ImageFormat.values()).map(ImageFormat::id).collect(Collectors.joining(", "));
  // TwelveMonkeys' JPEG reader also decodes CMYK and YCCK JPEGs, which the JDK's reader refuses.
  private static final String TWELVEMONKEYS = "com.twelvemonkeys.";
  // Decoder messages can be long (a whole stack of causes); a message stays one readable line.
  private static final int MAX_REASON_CHARS = 200;

  private final ImageLimits limits;
  private final Map<ImageFormat, ImageReaderSpi> readers;

  /**
   * Creates a loader that enforces {@code limits}, and finds the ImageIO readers it uses.
   *
   * <p>As a side effect, it turns off ImageIO's disk cache for the whole JVM (see {@link
   * ImageIO#setUseCache}).
   *
   * @param limits the largest accepted input; {@link ImageLimits#defaults()} suits photos
   * @throws NullPointerException if {@code limits} is null
   */
  public ImageLoader(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    // The loader reads through its own in-memory stream, but ImageIO.read and createImageInputStream
    // elsewhere in the process would otherwise copy each upload into a temporary file: slow, and
    // face photos left on disk. The setting is JVM-global and idempotent, so it is made here, once
    // per loader, rather than in a static initializer.
    ImageIO.setUseCache(false);
    this.readers = findReaders();
  }

  /**
   * Returns the limits this loader enforces.
   *
   * @return the limits given to the constructor
   */
  public ImageLimits limits() {
    return limits;
  }

  /**
   * Decodes a file at full resolution. The name in messages is the path as given.
   *
   * <p>The file size is checked before the file is read, so an oversized file is never loaded.
   *
   * @param file the image file
   * @return the upright image, {@code scale} 1
   * @throws ImageTooLargeException if the file or the image exceeds the limits
   * @throws UnreadableImageException if the file cannot be read or is not a supported, intact image
   */
  public DecodedImage load(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.toString();
    return load(readFile(file, name), name);
  }

  /**
   * Decodes bytes at full resolution.
   *
   * @param bytes the encoded image
   * @param name what the messages call the input, such as the upload's file name
   * @return the upright image, {@code scale} 1
   * @throws ImageTooLargeException if the bytes or the image exceed the limits
   * @throws UnreadableImageException if the bytes are not a supported, intact image
   */
  public DecodedImage load(byte[] bytes, String name) {
    checkArguments(bytes, name);
    try (Source source = open(bytes, name)) {
      BufferedImage upright = decode(source, source.reader.getDefaultReadParam(), null, name);
      return new DecodedImage(upright, source.uprightWidth(), source.uprightHeight(), 1.0, source.format.id());
    }
  }

  /**
   * Decodes bytes at reduced resolution for face detection.
   *
   * <p>JPEGs are decoded with {@link ImageReadParam#setSourceSubsampling} by the largest power of
   * two {@code f} for which the longer side, {@code ceil(side / f)}, is still at least {@code
   * maxSide}; this keeps every f-th pixel of every f-th row (no filtering) and costs roughly half
   * the time of a full decode at {@code f = 2}. Other formats, and JPEGs whose longer side is below
   * {@code 2 * maxSide}, are decoded at full resolution. The result's {@code scale} is {@code 1/f}
   * and its {@code width} and {@code height} are the full upright size, so a detection at {@code
   * (x, y)} in the decoded pixels lies at {@code (x / scale, y / scale)} in the upright original.
   *
   * @param bytes the encoded image
   * @param name what the messages call the input
   * @param maxSide the longer side the detector will resize to, in pixels; positive
   * @return the upright image, possibly subsampled
   * @throws IllegalArgumentException if {@code maxSide} is not positive
   * @throws ImageTooLargeException if the bytes or the full-size image exceed the limits
   * @throws UnreadableImageException if the bytes are not a supported, intact image
   */
  public DecodedImage loadForDetection(byte[] bytes, String name, int maxSide) {
    checkArguments(bytes, name);
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be positive, got " + maxSide);
    }
    try (Source source = open(bytes, name)) {
      int factor =
          source.format == ImageFormat.JPEG
              ? subsamplingFactor(Math.max(source.storedWidth, source.storedHeight), maxSide)
              : 1;
      ImageReadParam param = source.reader.getDefaultReadParam();
      if (factor > 1) {
        param.setSourceSubsampling(factor, factor, 0, 0);
      }
      BufferedImage upright = decode(source, param, null, name);
      return new DecodedImage(
          upright, source.uprightWidth(), source.uprightHeight(), 1.0 / factor, source.format.id());
    }
  }

  /**
   * Decodes one region of the upright image at full resolution, for alignment.
   *
   * <p>The region is clipped to the image, so a face box that runs off an edge still works; the
   * result is the size of the clipped region. Only the stored pixels under the region are kept
   * (through {@link ImageReadParam#setSourceRegion} after mapping the region through the EXIF
   * orientation), which saves memory and, for JPEG, the colour conversion of the rest; the decoder
   * still reads the data up to the region's last row.
   *
   * @param bytes the encoded image
   * @param name what the messages call the input
   * @param regionInOrientedPixels the region in upright-image pixels, origin top-left
   * @return the region's pixels, upright, {@code TYPE_3BYTE_BGR}
   * @throws IllegalArgumentException if the region does not overlap the image
   * @throws ImageTooLargeException if the bytes or the full-size image exceed the limits
   * @throws UnreadableImageException if the bytes are not a supported, intact image
   */
  public BufferedImage loadRegion(byte[] bytes, String name, Rectangle regionInOrientedPixels) {
    checkArguments(bytes, name);
    Objects.requireNonNull(regionInOrientedPixels, "regionInOrientedPixels");
    Rectangle requested = new Rectangle(regionInOrientedPixels); // a Rectangle is mutable
    try (Source source = open(bytes, name)) {
      Rectangle clipped = new Rectangle(0, 0, source.uprightWidth(), source.uprightHeight()).intersection(requested);
      if (clipped.isEmpty()) {
        throw new IllegalArgumentException(
            name + ": region " + describe(requested) + " lies outside the "
                + source.uprightWidth() + "x" + source.uprightHeight() + " image");
      }
      Rectangle stored = source.orientation.toStored(clipped, source.storedWidth, source.storedHeight);
      ImageReadParam param = source.reader.getDefaultReadParam();
      param.setSourceRegion(stored);
      return decode(source, param, stored, name);
    }
  }

  /**
   * Reads the format, upright size and orientation of an image and checks its limits, without
   * decoding pixels.
   *
   * <p>Only the header is read, so a file cut after its header passes here and fails in {@code
   * load}.
   *
   * @param bytes the encoded image
   * @param name what the messages call the input
   * @return what the header says
   * @throws ImageTooLargeException if the bytes or the image exceed the limits
   * @throws UnreadableImageException if the header is not that of a supported image
   */
  public ImageInfo probe(byte[] bytes, String name) {
    checkArguments(bytes, name);
    try (Source source = open(bytes, name)) {
      return new ImageInfo(source.format, source.uprightWidth(), source.uprightHeight(), source.orientation);
    }
  }

  /** Returns the largest power of two that keeps {@code ceil(longSide / f) >= maxSide}, at least 1. */
  static int subsamplingFactor(int longSide, int maxSide) {
    int factor = 1;
    while (factor <= longSide / 2 && Math.ceilDiv(longSide, factor * 2) >= maxSide) {
      factor *= 2;
    }
    return factor;
  }

  private static void checkArguments(byte[] bytes, String name) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(name, "name");
  }

  private byte[] readFile(Path file, String name) {
    try {
      long size = Files.size(file);
      checkByteSize(size, name);
      try (InputStream in = Files.newInputStream(file)) {
        // Read at most one byte past the limit, in case the file grew after Files.size.
        byte[] bytes = in.readNBytes((int) limits.maxBytes() + 1);
        if (bytes.length > limits.maxBytes()) {
          throw new ImageTooLargeException(
              name + ": grew past the limit of " + limits.maxBytes() + " bytes while being read");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new UnreadableImageException(name + ": cannot read the file (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private void checkByteSize(long size, String name) {
    if (size == 0) {
      throw new UnreadableImageException(name + ": empty file (0 bytes)");
    }
    if (size > limits.maxBytes()) {
      throw new ImageTooLargeException(
          name + ": " + size + " bytes exceeds the limit of " + limits.maxBytes() + " bytes");
    }
  }

  /** Checks everything that can be checked without decoding pixels, and opens a reader. */
  private Source open(byte[] bytes, String name) {
    checkByteSize(bytes.length, name);
    ImageFormat format = sniff(bytes, name);
    if (format == ImageFormat.JPEG && JpegStructure.endsBeforeImageData(bytes)) {
      throw new UnreadableImageException(name + ": truncated jpeg (the file ends before its image data)");
    }
    ImageReaderSpi spi = readers.get(format);
    if (spi == null) {
      throw new UnreadableImageException(
          name + ": " + format.id() + " is not supported here (no ImageIO reader for it is installed)");
    }
    ImageReader reader;
    try {
      reader = spi.createReaderInstance();
    } catch (IOException e) {
      throw new UnreadableImageException(name + ": cannot create a " + format.id() + " reader (" + reason(e) + ")", e);
    }
    ImageInputStream stream = new ByteArrayImageInputStream(bytes);
    boolean opened = false;
    try {
      int width;
      int height;
      try {
        // ignoreMetadata: the loader reads EXIF itself. TwelveMonkeys parses the segments it needs
        // for colour conversion on its own (cmyk.jpg in the test corpus relies on its Adobe segment).
        reader.setInput(stream, false, true);
        width = reader.getWidth(0);
        height = reader.getHeight(0);
      } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
        throw new UnreadableImageException(name + ": unreadable " + format.id() + " header (" + reason(e) + ")", e);
      }
      if (width < 1 || height < 1) {
        throw new UnreadableImageException(
            name + ": " + format.id() + " header declares an empty " + width + "x" + height + " image");
      }
      checkDimensions(width, height, name);
      Orientation orientation = ExifOrientationReader.read(bytes, format, name);
      Source source = new Source(format, reader, stream, width, height, orientation);
      opened = true;
      return source;
    } finally {
      if (!opened) {
        close(reader, stream);
      }
    }
  }

  private void checkDimensions(int width, int height, String name) {
    long pixels = (long) width * height;
    if (pixels > limits.maxPixels()) {
      throw new ImageTooLargeException(
          name + ": " + width + "x" + height + " pixels exceeds the limit of " + limits.maxPixels() + " pixels");
    }
    if (Math.max(width, height) > limits.maxSide()) {
      throw new ImageTooLargeException(
          name + ": " + width + "x" + height + " pixels exceeds the limit of " + limits.maxSide() + " pixels per side");
    }
  }

  private static ImageFormat sniff(byte[] bytes, String name) {
    return FormatSniffer.sniff(bytes)
        .orElseThrow(
            () ->
                FormatSniffer.unsupportedName(bytes)
                    .map(
                        format ->
                            new UnreadableImageException(
                                name + ": " + format + " is not a supported image format (supported: " + SUPPORTED + ")"))
                    .orElseGet(
                        () ->
                            new UnreadableImageException(
                                name + ": not a supported image (first bytes "
                                    + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(4, bytes.length))
                                    + ")")));
  }

  /**
   * Decodes the image behind {@code source} with {@code param} and returns it upright and in BGR.
   *
   * @param storedRegion the source region set in {@code param}, or null for the whole image
   */
  private BufferedImage decode(Source source, ImageReadParam param, Rectangle storedRegion, String name) {
    List<String> warnings = new ArrayList<>();
    source.reader.addIIOReadWarningListener((reader, warning) -> warnings.add(warning));
    BufferedImage upright;
    try {
      BufferedImage bgr = BgrImages.toBgr(source.reader.read(0, param));
      if (storedRegion != null && (bgr.getWidth() != storedRegion.width || bgr.getHeight() != storedRegion.height)) {
        // The ImageIO contract lets a reader ignore the source region; then it returns everything.
        if (bgr.getWidth() != source.storedWidth || bgr.getHeight() != source.storedHeight) {
          throw new IIOException(
              "the reader returned " + bgr.getWidth() + "x" + bgr.getHeight() + " pixels for a "
                  + storedRegion.width + "x" + storedRegion.height + " region");
        }
        bgr = BgrImages.crop(bgr, storedRegion);
      }
      upright = source.orientation.apply(bgr);
    } catch (OutOfMemoryError e) {
      throw new UnreadableImageException(
          name + ": not enough memory to decode the " + source.storedWidth + "x" + source.storedHeight + " "
              + source.format.id() + " image",
          e);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new UnreadableImageException(name + ": unreadable " + source.format.id() + " data (" + reason(e) + ")", e);
    }
    if (!warnings.isEmpty()) {
      LOG.debug("{}: decoded despite reader warnings {}", name, warnings);
    }
    return upright;
  }

  /** Returns the messages along a cause chain as one short line. */
  private static String reason(Throwable error) {
    StringBuilder text = new StringBuilder();
    Throwable t = error;
    for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
      String message = t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage();
      // An I/O message speaks for itself; for a runtime failure inside a decoder the type is the clue.
      String part =
          t instanceof IOException
              ? (message == null ? t.getClass().getSimpleName() : message)
              : t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
      if (text.indexOf(part) >= 0) {
        continue;
      }
      if (!text.isEmpty()) {
        text.append(": ");
      }
      text.append(part);
    }
    // Decoders quote raw bytes from the file (a chunk name, a signature): keep the line printable.
    String line = text.toString().replaceAll("\\s+", " ").replaceAll("[\\p{Cntrl}\\x{fffd}]", "?").strip();
    return line.length() <= MAX_REASON_CHARS ? line : line.substring(0, MAX_REASON_CHARS - 3) + "...";
  }

  private static String describe(Rectangle r) {
    return "(x=" + r.x + ", y=" + r.y + ", " + r.width + "x" + r.height + ")";
  }

  private static Map<ImageFormat, ImageReaderSpi> findReaders() {
    Map<ImageFormat, ImageReaderSpi> found = lookUpReaders();
    if (found.size() < ImageFormat.values().length || !isTwelveMonkeys(found.get(ImageFormat.JPEG))) {
      // ImageIO registers the plugins it finds on the class path when it is first used, through
      // the class loader of that thread; under a container that may not be ours, so rescan once.
      ImageIO.scanForPlugins();
      found = lookUpReaders();
    }
    if (!isTwelveMonkeys(found.get(ImageFormat.JPEG))) {
      LOG.warn("TwelveMonkeys JPEG reader not found; CMYK and YCCK JPEGs will be unreadable");
    }
    for (ImageFormat format : ImageFormat.values()) {
      if (!found.containsKey(format)) {
        LOG.warn("no ImageIO reader for {}; such images will be refused", format.id());
      }
    }
    return Collections.unmodifiableMap(found);
  }

  private static Map<ImageFormat, ImageReaderSpi> lookUpReaders() {
    Map<ImageFormat, ImageReaderSpi> found = new EnumMap<>(ImageFormat.class);
    Iterator<ImageReaderSpi> providers =
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
    while (providers.hasNext()) {
      ImageReaderSpi spi = providers.next();
      for (ImageFormat format : ImageFormat.values()) {
        if (handles(spi, format)) {
          ImageReaderSpi current = found.get(format);
          boolean better =
              current == null
                  || (format == ImageFormat.JPEG && isTwelveMonkeys(spi) && !isTwelveMonkeys(current));
          if (better) {
            found.put(format, spi);
          }
        }
      }
    }
    return found;
  }

  private static boolean handles(ImageReaderSpi spi, ImageFormat format) {
    for (String name : spi.getFormatNames()) {
      if (name.toLowerCase(Locale.ROOT).equals(format.id())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTwelveMonkeys(ImageReaderSpi spi) {
    return spi != null && spi.getClass().getName().startsWith(TWELVEMONKEYS);
  }

  private static void close(ImageReader reader, ImageInputStream stream) {
    reader.dispose();
    try {
      stream.close();
    } catch (IOException e) {
      // An in-memory stream has nothing to release; closing only marks it closed.
      LOG.trace("closing an in-memory image stream failed", e);
    }
  }

  /** An opened image: its reader (used by one call only) and what its header said. */
  private static final class Source implements AutoCloseable {
    final ImageFormat format;
    final ImageReader reader;
    final ImageInputStream stream;
    final int storedWidth;
    final int storedHeight;
    final Orientation orientation;

    Source(ImageFormat format, ImageReader reader, ImageInputStream stream, int storedWidth, int storedHeight,
        Orientation orientation) {
      this.format = format;
      this.reader = reader;
      this.stream = stream;
      this.storedWidth = storedWidth;
      this.storedHeight = storedHeight;
      this.orientation = orientation;
    }

    int uprightWidth() {
      return orientation.swapsAxes() ? storedHeight : storedWidth;
    }

    int uprightHeight() {
      return orientation.swapsAxes() ? storedWidth : storedHeight;
    }

    @Override
    public void close() {
      ImageLoader.close(reader, stream);
    }
  }
}
