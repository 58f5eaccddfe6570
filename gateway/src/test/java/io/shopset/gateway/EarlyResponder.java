package io.shopset.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare upstream on a loopback port that starts its response as soon as a request head has come
 * (a 200 head and one chunk, never the last), then reads the rest of the request and counts it: for
 * tests of what the gateway does when the client misbehaves after the response started.
 */
final class EarlyResponder implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    private final AtomicLong bodyBytes = new AtomicLong();

    EarlyResponder() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "early-responder");
        thread.setDaemon(true);
        thread.start();
    }

    String endpoint() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Body bytes read after the heads, over all connections. */
    long bodyBytes() {
        return bodyBytes.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                final InputStream in = s.getInputStream();
                int matched = 0;
                final byte[] end = "\r\n\r\n".getBytes(ISO_8859_1);
                for (int c; matched < 4 && (c = in.read()) != -1; ) {
                    matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nearly\r\n"
                                                  .getBytes(ISO_8859_1));
                s.getOutputStream().flush();
                final byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) != -1; ) {
                    bodyBytes.addAndGet(n);
                }
            } catch (IOException e) {
                // The gateway dropped the connection, or the server closed: next.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
