package io.shopset.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A minimal blocking HTTP/1.1 client over one raw socket, for framing-level assertions. */
final class RawHttpConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttpConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends {@code text} with every {@code \n} turned into CRLF. */
  RawHttpConnection send(String text) throws IOException {
    return sendBytes(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttpConnection sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one response; {@code headRequest} means the response has no body whatever it says. */
  Response read(boolean headRequest) throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    Response head = new Response(statusLine, status, headers, new byte[0], List.of());
    if (headRequest || status / 100 == 1 || status == 204 || status == 304) {
      return head;
    }
    if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
      return readChunked(head);
    }
    String length = head.header("content-length");
    if (length != null) {
      return head.withBody(readExactly(Integer.parseInt(length)), List.of());
    }
    return head.withBody(in.readAllBytes(), List.of());
  }

  Response read() throws IOException {
    return read(false);
  }

  byte[] readExactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new EOFException("expected " + n + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  /** True when the peer closed the connection (EOF) with no further bytes. */
  boolean closedByPeer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // connection reset
    }
  }

  /** True when nothing arrives (and the connection stays open) for {@code millis}. */
  boolean silentFor(int millis) throws IOException {
    int previous = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(previous);
    }
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private Response readChunked(Response head) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
      sizes.add(size);
      if (size == 0) {
        for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
          // trailers are ignored
        }
        return head.withBody(body.toByteArray(), sizes);
      }
      body.write(readExactly(size));
      if (!readLine().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("connection closed after: " + line);
      }
      if (b == '\n') {
        int end = line.length();
        if (end == 0 || line.charAt(end - 1) != '\r') {
          throw new IOException("bare LF in: " + line);
        }
        return line.substring(0, end - 1);
      }
      line.append((char) b);
    }
  }

  /** A parsed response; header names are lower-case. */
  record Response(String statusLine, int status, Map<String, List<String>> headers, byte[] body,
      List<Integer> chunkSizes) {

    @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    Response withBody(byte[] newBody, List<Integer> sizes) {
      return new Response(statusLine, status, headers, newBody, sizes);
    }
  }
}
