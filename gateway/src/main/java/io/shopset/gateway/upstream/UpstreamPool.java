package io.shopset.gateway.upstream;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Idle keep-alive connections to endpoints, one pool per event loop.
 *
 * <p>Concurrency: each event loop has its own map (a {@link FastThreadLocal}); a connection lives
 * on the event loop of the client connection that opened it and is only ever pooled and reused
 * there, so no lock and no volatile is needed. Most recently used first (LIFO), so the warmest
 * connections are reused and the surplus ages out through the idle timeout.
 */
public final class UpstreamPool {

    private static final FastThreadLocal<Map<InetSocketAddress, ArrayDeque<Channel>>> IDLE =
            new FastThreadLocal<>() {
                @Override
                protected Map<InetSocketAddress, ArrayDeque<Channel>> initialValue() {
                    return new HashMap<>();
                }
            };

    private final int maxIdlePerEndpoint;

    /** A pool keeping at most {@code maxIdlePerEndpoint} idle connections per endpoint per event loop. */
    public UpstreamPool(int maxIdlePerEndpoint) {
        this.maxIdlePerEndpoint = maxIdlePerEndpoint;
    }

    /** An open idle connection to {@code address} on the calling event loop, or {@code null}. */
    public @Nullable Channel acquire(InetSocketAddress address) {
        final ArrayDeque<Channel> idle = IDLE.get().get(address);
        if (idle == null) {
            return null;
        }
        for (Channel ch; (ch = idle.pollFirst()) != null; ) {
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /**
     * Returns {@code ch}, whose last exchange completed cleanly, for reuse on its event loop (the
     * caller's). Closes it instead when the pool is full.
     */
    public void release(InetSocketAddress address, Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        final Map<InetSocketAddress, ArrayDeque<Channel>> map = IDLE.get();
        ArrayDeque<Channel> idle = map.get(address);
        if (idle == null) {
            idle = new ArrayDeque<>();
            map.put(address, idle);
        }
        if (idle.size() >= maxIdlePerEndpoint) {
            ch.close();
            return;
        }
        idle.addFirst(ch);
        // Keep the read armed while it idles: no epoll re-arm per request, and a connection the
        // upstream closes (or that says anything unasked) is seen and dropped at once (UpstreamHandler).
        ch.read();
    }

    /** Forgets {@code ch} (it closed). Called on its event loop. */
    void remove(InetSocketAddress address, Channel ch) {
        final ArrayDeque<Channel> idle = IDLE.get().get(address);
        if (idle != null) {
            idle.remove(ch);
        }
    }

    /** Idle connections to {@code address} on the calling event loop (for tests and metrics). */
    public int idleCount(InetSocketAddress address) {
        final ArrayDeque<Channel> idle = IDLE.get().get(address);
        return idle == null ? 0 : idle.size();
    }
}
