package io.shopset.loadtest.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct loopback source addresses for simulated clients: the gateway keys clients by address, so
 * many clients on one machine need many addresses. Linux routes all of {@code 127.0.0.0/8} to the
 * loopback interface and lets a socket bind to any of them, with no setup.
 */
public final class LoopbackAddresses {

    private LoopbackAddresses() {
    }

    /**
     * {@code count} addresses from {@code 127.<block>.0.1} on ({@code 127.<block>.0.1 ...
     * 127.<block>.0.254, 127.<block>.1.1 ...}); {@code block} separates groups of clients.
     */
    public static List<String> block(int block, int count) {
        if (block < 1 || block > 254) {
            throw new IllegalArgumentException("block: " + block + " (expected: 1-254)");
        }
        if (count < 1 || count > 254 * 256) {
            throw new IllegalArgumentException("count: " + count + " (expected: 1-" + 254 * 256 + ")");
        }
        final List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add("127." + block + '.' + i / 254 + '.' + (i % 254 + 1));
        }
        return list;
    }

    /**
     * Fails with a clear message when this machine cannot connect from {@code source} to
     * {@code target} (macOS, for one, has only 127.0.0.1 on its loopback interface).
     */
    public static void requireUsable(String source, InetSocketAddress target) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            s.connect(target, 2_000);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect from " + source + " to " + target + " (" + e.getMessage()
                                            + "): this machine does not route 127.0.0.0/8 to loopback; "
                                            + "simulated clients need distinct source addresses", e);
        }
    }
}
