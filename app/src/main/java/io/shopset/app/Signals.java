package io.shopset.app;

import java.util.concurrent.CountDownLatch;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop that exits 0 (a JVM shutdown hook alone would exit
 * 143 on SIGTERM).
 */
final class Signals {

    private Signals() {
    }

    /** A latch released on the first SIGTERM or SIGINT. */
    static CountDownLatch awaitTermination() {
        final CountDownLatch latch = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> latch.countDown());
            } catch (IllegalArgumentException e) {
                // signal not available on this platform
            }
        }
        return latch;
    }
}
