package io.shopset.loadtest.harness;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.OpenInjectionStep;

/**
 * The time line of a flash-sale run: a warm-up in which organic traffic and bots both ramp up to
 * their rates (so that the JIT compiles the admitting and the rejecting paths before anything is
 * measured), then {@code cycles} times a calm window (organic traffic only) followed by a flood
 * window (organic traffic and the bots). Alternating the windows, rather than one calm phase
 * followed by one flood phase, lets both phases sample the same background noise of a shared
 * machine; with {@code cycles = 1} it is the plain "baseline first, then flood".
 *
 * <p>Time zero is the first {@link #markStart()} (the scenarios call it as they begin; they start
 * together). Thread-safe.
 *
 * @param warmUp the ramp before the first calm window
 * @param calm   each calm window
 * @param flood  each flood window
 * @param cycles how many calm + flood pairs
 */
public record FloodSchedule(Duration warmUp, Duration calm, Duration flood, int cycles, AtomicLong startNanos) {

    public static final String WARM_UP = "warm-up";
    public static final String CALM = "calm";
    public static final String FLOOD = "flood";

    public FloodSchedule {
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles: " + cycles + " (expected: > 0)");
        }
        if (calm.isNegative() || calm.isZero() || flood.isNegative() || flood.isZero()) {
            throw new IllegalArgumentException("calm " + calm + ", flood " + flood + " (expected: both > 0)");
        }
    }

    public FloodSchedule(Duration warmUp, Duration calm, Duration flood, int cycles) {
        this(warmUp, calm, flood, cycles, new AtomicLong());
    }

    /** Sets time zero unless it is set. */
    public void markStart() {
        startNanos.compareAndSet(0, System.nanoTime());
    }

    /** The measured part: the calm and flood windows. */
    public Duration total() {
        return calm.plus(flood).multipliedBy(cycles);
    }

    /** The flood windows together. */
    public Duration floodTotal() {
        return flood.multipliedBy(cycles);
    }

    /**
     * {@link #WARM_UP} before the first calm window, {@link #FLOOD} when {@code nanos}
     * ({@link System#nanoTime()}) falls in a flood window, else {@link #CALM}.
     */
    public String phaseAt(long nanos) {
        final long start = startNanos.get();
        if (start == 0 || nanos - start < warmUp.toNanos()) {
            return WARM_UP;
        }
        final long elapsed = nanos - start - warmUp.toNanos();
        final long period = calm.plus(flood).toNanos();
        if (elapsed / period >= cycles) {
            return CALM;
        }
        return elapsed % period >= calm.toNanos() ? FLOOD : CALM;
    }

    /** Organic arrivals: a ramp to {@code perSecond} during the warm-up, then {@code perSecond} throughout. */
    public OpenInjectionStep[] organicInjection(double perSecond) {
        return new OpenInjectionStep[] {
                rampUsersPerSec(1).to(perSecond).during(warmUp), constantUsersPerSec(perSecond).during(total())
        };
    }

    /**
     * The bots' arrivals: a ramp to {@code perSecond} during the warm-up, then nothing in calm windows
     * and {@code perSecond} in flood windows.
     */
    public OpenInjectionStep[] floodInjection(double perSecond) {
        final List<OpenInjectionStep> steps = new ArrayList<>();
        steps.add(rampUsersPerSec(1).to(perSecond).during(warmUp));
        for (int i = 0; i < cycles; i++) {
            steps.add(nothingFor(calm));
            steps.add(constantUsersPerSec(perSecond).during(flood));
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }
}
