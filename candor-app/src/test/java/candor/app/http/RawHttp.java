package candor.app.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare HTTP/1.1 client on a socket, for what the JDK's client will not send: malformed request
 * lines, percent-encodings and headers, lying lengths, and endless bodies streamed from a
 * generator. The body is written by a second thread while the response is read, so that a server
 * that answers before the body ends (as it should for a refused upload) is heard; writing stops
 * when the server closes the connection.
 */
final class RawHttp {

  /** How much of a response body is kept. */
  private static final int MAX_BODY = 1 << 20;

  /**
   * A response.
   *
   * @param status the status code, or -1 if the server closed without answering
   * @param headers the header fields, names in lower case
   * @param body the body as text (the first MiB)
   * @param bytesSent how many body bytes the client wrote before the server stopped reading
   */
  record Reply(int status, Map<String, String> headers, String body, long bytesSent) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + headers.get("content-type") + " "
          + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  private RawHttp() {}

  /**
   * Sends a request and reads the response.
   *
   * @param port the server's port on 127.0.0.1
   * @param head the request line and header fields, each ending in CRLF, without the blank line
   * @param body the body to stream after the head, or {@code null}
   * @param chunked whether to frame the body in chunks (the head must then say so)
   * @return the response
   */
  static Reply send(int port, String head, InputStream body, boolean chunked) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(120_000);
      AtomicLong sent = new AtomicLong();
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread writer = null;
      if (body != null) {
        writer = Thread.ofPlatform().daemon().start(() -> stream(body, out, chunked, sent));
      }
      Reply reply = read(socket.getInputStream(), sent);
      socket.close(); // stops a writer the server did not listen to
      if (writer != null) {
        writer.join(10_000);
      }
      return new Reply(reply.status(), reply.headers(), reply.body(), sent.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void stream(InputStream body, OutputStream out, boolean chunked, AtomicLong sent) {
    byte[] buffer = new byte[64 * 1024];
    try (body) {
      int n;
      while ((n = body.read(buffer)) > 0) {
        if (chunked) {
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(buffer, 0, n);
        if (chunked) {
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        sent.addAndGet(n);
      }
      if (chunked) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException e) {
      // The server answered and closed the connection: what it refused, it did not read.
    }
  }

  private static Reply read(InputStream in, AtomicLong sent) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last = 0; // the last four bytes read, to find the blank line that ends the head
    int b;
    try {
      while (last != 0x0d0a0d0a && (b = in.read()) >= 0) {
        head.write(b);
        last = (last << 8) | b;
      }
    } catch (IOException e) {
      if (head.size() == 0) {
        return new Reply(-1, Map.of(), String.valueOf(e.getMessage()), sent.get());
      }
      throw e;
    }
    if (head.size() == 0) {
      return new Reply(-1, Map.of(), "", sent.get());
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    byte[] bytes;
    String length = headers.get("content-length");
    if (length != null) {
      bytes = in.readNBytes(Math.min(Integer.parseInt(length), MAX_BODY));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      bytes = readChunks(in);
    } else {
      bytes = in.readNBytes(MAX_BODY);
    }
    return new Reply(status, headers, new String(bytes, StandardCharsets.UTF_8), sent.get());
  }

  private static byte[] readChunks(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (body.size() < MAX_BODY) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          line.append((char) b);
        }
      }
      int size = Integer.parseInt(line.toString().split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      body.write(in.readNBytes(size));
      in.readNBytes(2);
    }
    return body.toByteArray();
  }

  /** A body of {@code size} bytes of {@code fill}, made as it is read: never held in memory. */
  static InputStream endless(long size, byte fill) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        left--;
        return fill & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, fill);
        left -= n;
        return n;
      }
    };
  }
}
