package io.shopset.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately simple HTTP/1.1 client over a raw socket, for tests that need exact bytes: any
 * Host header, pipelining, broken framing, keep-alive on one connection.
 */
final class RawHttp implements AutoCloseable {

    /** A parsed response; {@code body} holds the de-chunked body. */
    record Response(int status, List<String[]> headers, byte[] body, boolean chunked) {

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        List<String> headers(String name) {
            final List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }

        String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(InetSocketAddress address) throws IOException {
        this(address, null);
    }

    /** A connection from local address {@code from} (e.g. 127.0.0.7, to be a distinct client), or any. */
    RawHttp(InetSocketAddress address, String from) throws IOException {
        socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(address, 5000);
        socket.setSoTimeout(15_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** Over a socket already connected (a TLS one, for instance). */
    RawHttp(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(15_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    static String get(String host, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    RawHttp send(String raw) throws IOException {
        out.write(raw.getBytes(ISO_8859_1));
        out.flush();
        return this;
    }

    RawHttp send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    OutputStream output() {
        return out;
    }

    InputStream input() {
        return in;
    }

    /** Reads one response; {@code head} when it answers a HEAD request (no body whatever the headers). */
    Response read(boolean head) throws IOException {
        final String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        final int status = Integer.parseInt(statusLine.split(" ")[1]);
        final List<String[]> headers = new ArrayList<>();
        for (String l; !(l = line()).isEmpty(); ) {
            final int colon = l.indexOf(':');
            headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
        }
        final Response headOnly = new Response(status, headers, new byte[0], false);
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return headOnly;
        }
        final String te = headOnly.header("transfer-encoding");
        final String cl = headOnly.header("content-length");
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            for (;;) {
                final String size = line();
                final int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line();
            }
            return new Response(status, headers, body.toByteArray(), true);
        }
        if (cl != null) {
            body.write(in.readNBytes(Integer.parseInt(cl)));
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray(), false);
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Whether the server closed the connection (reads EOF within the socket timeout). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private String line() throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                final byte[] bytes = b.toByteArray();
                final int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
