package io.shopset.testkit;

import java.io.IOException;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a real {@code redis-server} ({@link RedisProcess}) for a test
 * class: on a free port, in a temporary folder, without persistence, stopped after the class.
 * Tests can {@link #stop()} and {@link #start()} it mid-test (it comes back empty, on the same port).
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RedisServer redis = new RedisServer();
 * ... RedisRoutingStore.start(redis.uri(), ...)
 * </pre>
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

    private RedisProcess process;

    @Override
    public void beforeAll(ExtensionContext context) {
        process = RedisProcess.startNew();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    public String uri() {
        return running().uri();
    }

    public int port() {
        return running().port();
    }

    /** Stops the server, as a crash would (its data is gone). */
    public void stop() {
        running().stop();
    }

    /** Starts it again on the same port, empty. */
    public void start() {
        running().start();
    }

    /** Empties it (between tests). */
    public void flushAll() throws IOException {
        running().flushAll();
    }

    /** Sends one command; returns the reply's first line. */
    public String command(String... args) throws IOException {
        return running().command(args);
    }

    private RedisProcess running() {
        if (process == null) {
            throw new IllegalStateException("RedisServer is not started: register it as a static @RegisterExtension");
        }
        return process;
    }
}
