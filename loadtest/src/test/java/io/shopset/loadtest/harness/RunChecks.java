package io.shopset.loadtest.harness;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * Assertions that Gatling cannot express itself — a ratio between two phases of the run, a share of
 * rejections, a rate — computed from what the simulation recorded, and handed to Gatling so that
 * they count like its own: each check runs once, after the load, inside a group named
 * {@code check: <name>} that is marked failed when the check fails, and the simulation asserts that
 * every such group succeeded once. A failed check therefore fails the build with Gatling's usual
 * assertion line, the HTML report is still written (the checks appear among its groups), and the
 * run prints one {@code PASS}/{@code FAIL} line per check with its figures.
 *
 * <p>Run {@link #chain()} in a scenario that starts when the load is over (Gatling's
 * {@code andThen}).
 */
public final class RunChecks {

    private final String simulation;
    private final Map<String, Supplier<Result>> checks = new LinkedHashMap<>();
    private final Map<String, Result> results = new LinkedHashMap<>();

    public RunChecks(String simulation) {
        this.simulation = simulation;
    }

    /** Adds a check; {@code name} becomes the group {@code check: <name>} in the report. */
    public RunChecks add(String name, Supplier<Result> check) {
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("two checks named " + name);
        }
        return this;
    }

    /** One group per check, each evaluating it and failing the group when it fails. */
    public ChainBuilder chain() {
        ChainBuilder chain = exec(session -> session);
        for (Map.Entry<String, Supplier<Result>> c : checks.entrySet()) {
            chain = chain.exec(session -> session.markAsSucceeded())
                         .group(groupName(c.getKey())).on(exec(session -> {
                             final Result r = evaluate(c.getKey(), c.getValue());
                             return r.passed() ? session : session.markAsFailed();
                         }));
        }
        return chain;
    }

    /** For every check: its group ran once and did not fail (a check that never ran fails too). */
    public List<Assertion> assertions() {
        final List<Assertion> list = new ArrayList<>();
        for (String name : checks.keySet()) {
            list.add(details(groupName(name)).failedRequests().count().is(0L));
            list.add(details(groupName(name)).successfulRequests().count().is(1L));
        }
        return list;
    }

    /** The outcome of every check evaluated so far, by name. */
    public synchronized Map<String, Result> results() {
        return Map.copyOf(results);
    }

    /** Prints the checks' outcomes (those never evaluated as {@code NOT RUN}). */
    public synchronized void printSummary() {
        System.out.printf("[%s] checks:%n", simulation);
        for (String name : checks.keySet()) {
            final Result r = results.get(name);
            System.out.printf("    %-8s %s: %s%n", r == null ? "NOT RUN" : r.passed() ? "PASS" : "FAIL", name,
                              r == null ? "-" : r.detail());
        }
    }

    private synchronized Result evaluate(String name, Supplier<Result> check) {
        Result r;
        try {
            r = check.get();
        } catch (RuntimeException e) {
            r = Result.fail("the check threw " + e);
        }
        results.put(name, r);
        System.out.printf("[%s] %s %s: %s%n", simulation, r.passed() ? "PASS" : "FAIL", name, r.detail());
        return r;
    }

    private static String groupName(String check) {
        return "check: " + check;
    }

    /**
     * The outcome of one check.
     *
     * @param passed whether it held
     * @param detail the figures it compared, for the summary
     */
    public record Result(boolean passed, String detail) {

        public static Result of(boolean passed, String detail) {
            return new Result(passed, detail);
        }

        public static Result fail(String detail) {
            return new Result(false, detail);
        }
    }
}
