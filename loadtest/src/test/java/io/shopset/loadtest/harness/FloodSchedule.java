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
 * their rates (so that the JIT has compiled the admitting and the rejecting paths before anything is
 * measured), then {@code cycles} pairs of a calm window (organic traffic only) and a flood window
 * (organic traffic and the bots), in the order calm-flood, flood-calm, calm-flood, ... (ABBA): two
 * cycles of 15 s windows give calm 15 s, flood 30 s, calm 15 s. Measuring both phases in one run, interleaved, lets
 * them sample the same background noise of a shared machine, and the ABBA order gives both phases the
 * same mean time into the run, so a drift of the machine's load (or of the JVM's warmth) over the run
 * favours neither; many short windows spread the machine's passing bursts of background load over
 * both phases. {@code cycles = 1} is the plain "baseline first, then flood".
 *
 * <p>Time zero is the first {@link #markStart()}: call it from a user injected at once when the
 * injection starts (the first user of a ramp arrives later), and, as a fallback, from the scenarios.
 * Thread-safe.
 *
 * @param warmUp the ramp before the first window
 * @param calm   each calm window
 * @param flood  each flood window
 * @param cycles how many calm + flood pairs
 */
public record FloodSchedule(Duration warmUp, Duration calm, Duration flood, int cycles, AtomicLong startNanos,
                            AtomicLong startEpochMillis) {

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
        this(warmUp, calm, flood, cycles, new AtomicLong(), new AtomicLong());
    }

    /** Sets time zero unless it is set. */
    public void markStart() {
        final long wall = System.currentTimeMillis();
        if (startNanos.compareAndSet(0, System.nanoTime())) {
            startEpochMillis.set(wall);
        }
    }

    /** The windows after the warm-up, in order: {@link #CALM} or {@link #FLOOD} each. */
    public List<String> windows() {
        final List<String> w = new ArrayList<>(2 * cycles);
        for (int i = 0; i < cycles; i++) {
            w.add(i % 2 == 0 ? CALM : FLOOD);
            w.add(i % 2 == 0 ? FLOOD : CALM);
        }
        return w;
    }

    /** How many separate floods the windows make (adjacent flood windows are one flood). */
    public int floods() {
        int n = 0;
        String previous = CALM;
        for (String w : windows()) {
            if (w.equals(FLOOD) && !previous.equals(FLOOD)) {
                n++;
            }
            previous = w;
        }
        return n;
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
     * {@link #WARM_UP} before the first window, {@link #FLOOD} when {@code nanos}
     * ({@link System#nanoTime()}) falls in a flood window, else {@link #CALM} (also after the last).
     */
    public String phaseAt(long nanos) {
        final int i = windowAt(nanos);
        return i < 0 ? WARM_UP : i >= 2 * cycles ? CALM : windows().get(i);
    }

    /** As {@link #phaseAt(long)}, for a wall-clock time (milliseconds since the epoch, as in an access log). */
    public String phaseAtEpochMillis(long epochMillis) {
        final long start = startNanos.get();
        if (start == 0) {
            return WARM_UP;
        }
        return phaseAt(start + (epochMillis - startEpochMillis.get()) * 1_000_000);
    }

    /**
     * The index in {@link #windows()} of the window {@code nanos} falls in: -1 in the warm-up,
     * {@code 2 × cycles} after the last window.
     */
    public int windowAt(long nanos) {
        final long start = startNanos.get();
        if (start == 0 || nanos - start < warmUp.toNanos()) {
            return -1;
        }
        long elapsed = nanos - start - warmUp.toNanos();
        final List<String> windows = windows();
        for (int i = 0; i < windows.size(); i++) {
            final long length = (windows.get(i).equals(FLOOD) ? flood : calm).toNanos();
            if (elapsed < length) {
                return i;
            }
            elapsed -= length;
        }
        return windows.size();
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
        for (String w : windows()) {
            steps.add(w.equals(FLOOD) ? constantUsersPerSec(perSecond).during(flood) : nothingFor(calm));
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }
}
