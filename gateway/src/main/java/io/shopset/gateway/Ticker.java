package io.shopset.gateway;

/**
 * A source of monotonic nanoseconds. Everything time-based in the data plane (ejections, warm-up,
 * breakers) reads time through one, so tests move it by hand.
 */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
