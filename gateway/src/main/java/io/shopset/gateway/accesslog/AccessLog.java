package io.shopset.gateway.accesslog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.internal.PlatformDependent;

/**
 * Writes access log entries as JSON lines on its own thread.
 *
 * <p>Concurrency: event loops {@link #log(AccessLogEntry)} into a bounded lock-free MPSC queue (never
 * blocking: when the writer falls behind, entries are dropped and counted, so a slow disk can never
 * slow the proxy); one writer thread drains it, formats and writes, flushing when the queue runs
 * dry.
 *
 * <p>Line format (one JSON object): {@code time, client, method, path, host, status, bytes_in,
 * bytes_out, duration_ms, upstream_ms, shop, shopset, failure_domain, endpoint, retries, flags,
 * request_id}.
 */
public final class AccessLog implements AutoCloseable {

    /** An access log that drops everything (access logging off). */
    public static final AccessLog OFF = new AccessLog();

    private static final Logger logger = LoggerFactory.getLogger(AccessLog.class);
    private static final int CAPACITY = 65_536;

    private final @Nullable Queue<AccessLogEntry> queue;
    private final @Nullable Writer out;
    private final @Nullable Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    private AccessLog() {
        queue = null;
        out = null;
        writer = null;
    }

    private AccessLog(Writer out) {
        this.out = out;
        queue = PlatformDependent.newFixedMpscQueue(CAPACITY);
        writer = new Thread(this::drain, "shopset-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** An access log to {@code target}: {@code "-"} for standard output, else a file appended to. */
    public static AccessLog open(String target) throws IOException {
        if (target.equals("-")) {
            return to(System.out);
        }
        final Path p = Path.of(target);
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        return new AccessLog(Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                                     StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    /** An access log to {@code stream} (tests). */
    public static AccessLog to(OutputStream stream) {
        return new AccessLog(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024));
    }

    public boolean enabled() {
        return queue != null;
    }

    /** Hands {@code e} to the writer; never blocks. */
    public void log(AccessLogEntry e) {
        final Queue<AccessLogEntry> q = queue;
        if (q != null && !q.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    /** Entries dropped because the writer fell behind. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        final StringBuilder sb = new StringBuilder(512);
        final Queue<AccessLogEntry> q = queue;
        while (running || !q.isEmpty()) {
            final AccessLogEntry e = q.poll();
            if (e == null) {
                flush();
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            sb.setLength(0);
            format(e, sb);
            try {
                out.write(sb.toString());
            } catch (IOException ex) {
                logger.warn("cannot write the access log: {}", ex.toString());
            }
        }
        flush();
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException ex) {
            logger.warn("cannot flush the access log: {}", ex.toString());
        }
    }

    /** Appends {@code e} as one JSON line. */
    static void format(AccessLogEntry e, StringBuilder sb) {
        sb.append("{\"time\":\"").append(Instant.ofEpochMilli(e.startMillis)).append('"');
        str(sb, "client", address(e.client));
        str(sb, "method", e.method);
        str(sb, "path", e.path);
        str(sb, "host", e.host);
        sb.append(",\"status\":").append(e.status);
        sb.append(",\"bytes_in\":").append(e.bytesIn);
        sb.append(",\"bytes_out\":").append(e.bytesOut);
        sb.append(",\"duration_ms\":").append(millis(e.durationNanos));
        if (e.upstreamNanos >= 0) {
            sb.append(",\"upstream_ms\":").append(millis(e.upstreamNanos));
        }
        str(sb, "shop", e.shop);
        str(sb, "shopset", e.shopSet);
        str(sb, "failure_domain", e.failureDomain);
        str(sb, "endpoint", e.endpoint == null ? null : e.endpoint.toString());
        sb.append(",\"retries\":").append(e.retries);
        str(sb, "flags", e.flags);
        str(sb, "request_id", e.requestId == null ? null : e.requestId.toString());
        sb.append("}\n");
    }

    private static @Nullable String address(@Nullable Object client) {
        if (client instanceof byte[] bytes) {
            try {
                return bytes.length == 0 ? null : java.net.InetAddress.getByAddress(bytes).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        return client == null ? null : client.toString();
    }

    private static String millis(long nanos) {
        return String.valueOf(Math.round(nanos / 1_000.0) / 1_000.0);
    }

    private static void str(StringBuilder sb, String name, @Nullable String value) {
        if (value == null) {
            return;
        }
        sb.append(",\"").append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    @Override
    public void close() {
        running = false;
        final Thread w = writer;
        if (w != null) {
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
