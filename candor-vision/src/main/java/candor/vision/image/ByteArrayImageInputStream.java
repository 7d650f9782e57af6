package candor.vision.image;

import java.io.IOException;
import java.util.Objects;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@code ImageInputStream} over a byte array that the caller does not change while it is read.
 * ImageIO's own streams over an {@code InputStream} copy every byte into a cache, in memory or in a
 * temporary file; the bytes are already in memory here, so readers seek in the array itself.
 *
 * <p>It also stops decoders that loop on corrupt data. TwelveMonkeys' WebP bit reader (3.14.0)
 * treats an {@code EOFException} as more zero bits, and a damaged lossless WebP of 64x48 pixels
 * kept it reading past the end for over three minutes. After {@value #MAX_READS_PAST_END} reads
 * past the end this stream throws an {@code IIOException}, which such readers do not swallow.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
  // Valid files reach the end a few times at most (a bit reader's last refills); corrupt ones
  // that spin reach it millions of times.
  static final int MAX_READS_PAST_END = 1024;

  private final byte[] data;
  private int readsPastEnd;

  ByteArrayImageInputStream(byte[] data) {
    this.data = Objects.requireNonNull(data, "data");
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    bitOffset = 0;
    if (streamPos >= data.length) {
      return pastEnd();
    }
    return data[(int) streamPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkClosed();
    Objects.checkFromIndexSize(off, len, b.length);
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      return pastEnd();
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return data.length;
  }

  /** Counts a read at the end of the data, and returns -1 or throws if there were too many. */
  private int pastEnd() throws IIOException {
    readsPastEnd++;
    if (readsPastEnd > MAX_READS_PAST_END) {
      throw new IIOException("the decoder kept reading past the end of the data");
    }
    return -1;
  }
}
