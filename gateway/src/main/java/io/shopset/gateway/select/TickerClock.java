package io.shopset.gateway.select;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.shopset.gateway.Ticker;

/** A {@link Clock} over a {@link Ticker}, so Resilience4j's windows and waits follow injected time. */
final class TickerClock extends Clock {

    private final Ticker ticker;

    TickerClock(Ticker ticker) {
        this.ticker = ticker;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(0, ticker.nanos());
    }

    @Override
    public long millis() {
        return ticker.nanos() / 1_000_000;
    }
}
