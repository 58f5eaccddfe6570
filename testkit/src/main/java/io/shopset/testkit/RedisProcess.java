package io.shopset.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} child process for tests and benchmarks: on a free loopback port, in
 * its own temporary folder, with no persistence ({@code --save '' --appendonly no}), never the
 * machine's own Redis. {@link #stop()} and {@link #start()} restart it on the same port (empty, as
 * a Redis without persistence comes back). Needs {@code redis-server} on the {@code PATH}
 * ({@code bin/test} installs it).
 *
 * <p>Blocking; not for event loop threads.
 */
public final class RedisProcess implements AutoCloseable {

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path dir;
    private final int port;
    private @Nullable Process process;

    private RedisProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a new {@code redis-server} on a free port. */
    public static RedisProcess startNew(String executable) {
        try {
            final RedisProcess p = new RedisProcess(Files.createTempDirectory("shopset-redis-"), freePort());
            p.launch(executable);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
        }
    }

    /** Starts {@code redis-server} from the {@code PATH}. */
    public static RedisProcess startNew() {
        return startNew("redis-server");
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    public String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until it is gone. */
    public synchronized void stop() {
        final Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** Starts the server again on the same port (empty). */
    public synchronized void start() {
        if (running()) {
            return;
        }
        try {
            launch("redis-server");
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart redis-server: " + e.getMessage(), e);
        }
    }

    /** Sends one command and returns its reply's first line (e.g. {@code +PONG}, {@code :1}, {@code $5}). */
    public String command(String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(5000);
            final StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            final OutputStream out = s.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            final InputStream in = s.getInputStream();
            final StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** Empties every database. */
    public void flushAll() throws IOException {
        command("FLUSHALL");
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; nothing else to do
        }
    }

    private void launch(String executable) throws IOException {
        final ProcessBuilder pb = new ProcessBuilder(List.of(executable, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString(), "--protected-mode", "yes"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.out").toFile());
        final Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(executable + " not found or not runnable (install it: apt-get install -y " +
                                  "redis-server; bin/test does): " + e.getMessage(), e);
        }
        process = p;
        // A JVM that is stopped (SIGTERM, Ctrl-C) must not leave its redis-server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "redis-server-" + port + "-reaper"));
        final long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with " + p.exitValue() + "; see " + dir.resolve("redis.log"));
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not answer PING on port " + port + " within 10s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
