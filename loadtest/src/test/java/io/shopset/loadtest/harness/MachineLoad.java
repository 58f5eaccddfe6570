package io.shopset.loadtest.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, for the run summary: figures from a shared machine mean little without it. */
public final class MachineLoad {

    private MachineLoad() {
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or {@code "unknown"}. */
    public static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The number of processors this JVM may use. */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
