package io.shopset.loadtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.jspecify.annotations.Nullable;

/**
 * What a simulation sends its traffic to. By default the in-process {@link LocalPlatform}: its
 * gateway port is reserved when the simulation is constructed (Gatling builds the protocol's
 * {@code baseUrl} then) and the platform starts in {@code before()}. With
 * {@code -Dgateway.url=http://host:port} an existing gateway instead, which must serve the shops
 * {@code shop-0000.shops.test ...} (the configuration the local run writes under
 * {@code target/loadtest/} shows the shape).
 */
public final class LoadTarget implements AutoCloseable {

    private final String name;
    private final @Nullable String externalUrl;
    private final int port;
    private @Nullable LocalPlatform platform;

    private LoadTarget(String name, @Nullable String externalUrl, int port) {
        this.name = name;
        this.externalUrl = externalUrl;
        this.port = port;
    }

    /** Reads {@code gateway.url}; without it, reserves a free loopback port for the local gateway. */
    public static LoadTarget forSimulation(String name) {
        final String url = Settings.gatewayUrl();
        return url != null ? new LoadTarget(name, url, -1) : new LoadTarget(name, null, freePort());
    }

    public boolean isLocal() {
        return externalUrl == null;
    }

    public String baseUrl() {
        return externalUrl != null ? externalUrl : "http://127.0.0.1:" + port;
    }

    /** Starts the local platform (nothing for an external gateway). Call from {@code before()}. */
    public void start(Topology topology, PodBehaviour behaviour) {
        start(topology, behaviour, false);
    }

    /**
     * As {@link #start(Topology, PodBehaviour)}; {@code withAdmin} also starts the admin API on a free
     * loopback port ({@link LocalPlatform#adminUrl()}).
     */
    public void start(Topology topology, PodBehaviour behaviour, boolean withAdmin) {
        if (!isLocal()) {
            System.out.printf("[%s] loading the external gateway %s%n", name, externalUrl);
            return;
        }
        platform = LocalPlatform.start(topology, behaviour, port,
                                       Settings.outputDir().resolve(name + "-shopset.yaml"), withAdmin);
        System.out.printf("[%s] gateway on %s; %d ShopSets, %d shops; %s%n", name, baseUrl(),
                          topology.shopSets().size(), topology.shops(), behaviour);
    }

    /** The local platform; fails for an external gateway, which this process cannot kill or restart. */
    public LocalPlatform platform() {
        final LocalPlatform p = platform;
        if (p == null) {
            throw new IllegalStateException(name + " needs the in-process platform: run it without -D"
                                            + Settings.GATEWAY_URL);
        }
        return p;
    }

    /** Stops the local platform. Call from {@code after()}. */
    @Override
    public void close() {
        final LocalPlatform p = platform;
        platform = null;
        if (p != null) {
            p.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve a loopback port", e);
        }
    }
}
