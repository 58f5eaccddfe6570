package io.shopset.microbench;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * JMH's worker threads as Netty's event-loop threads are: {@link FastThreadLocalThread}s, so code
 * that keeps per-loop state in a {@link io.netty.util.concurrent.FastThreadLocal} (the throttle's
 * heavy-hitter counting) takes its fast, indexed path as it does in the gateway, not the
 * {@code ThreadLocal} fallback of an ordinary thread. Used through
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.shopset.microbench.EventLoopLikeExecutor};
 * threads keep JMH's {@code -jmh-worker-} names ({@link ThreadCpuProfiler} finds them by it).
 */
public final class EventLoopLikeExecutor extends ThreadPoolExecutor {

    public EventLoopLikeExecutor(int threads, String prefix) {
        super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new Factory(prefix));
    }

    private static final class Factory implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Factory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            final Thread t = new FastThreadLocalThread(r, prefix + "-jmh-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
