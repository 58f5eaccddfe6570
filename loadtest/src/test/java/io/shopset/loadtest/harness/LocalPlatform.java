package io.shopset.loadtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.shopset.gateway.Gateway;
import io.shopset.gateway.metrics.GatewayMetrics;
import io.shopset.routing.RoutingSnapshot;
import io.shopset.routing.RoutingTable;
import io.shopset.routing.ShopRoute;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.routing.model.ShopSet;
import io.shopset.testkit.StubShopSet;

/**
 * The whole platform in this JVM: stub pods for every ShopSet of a {@link Topology} (on one shared
 * event loop group), a generated configuration, and the real gateway ({@link Gateway}) routing to
 * them on a loopback port chosen before the simulation built its protocol. With the admin API on
 * ({@link #start(Topology, PodBehaviour, int, Path, boolean)}), the routing table is fed by the
 * file store and changed through the admin API, as in {@code shopset serve} ({@link AdminPlane}).
 *
 * <p>Kill and restart run on the caller's thread and block for a few milliseconds: call them from
 * {@link Chaos}, never from a Gatling thread.
 */
public final class LocalPlatform implements AutoCloseable {

    private final Topology topology;
    private final EventLoopGroup stubLoops;
    private final Map<String, List<StubShopSet>> pods = new LinkedHashMap<>();
    private final RoutingTable table = new RoutingTable();
    private final Gateway gateway;
    private final Placement placement;
    private final @Nullable AdminPlane admin;
    private final Path accessLogFile;

    private LocalPlatform(Topology topology, PodBehaviour behaviour, int gatewayPort, Path configCopy,
                          boolean withAdmin) throws InterruptedException, ConfigException {
        this.topology = topology;
        stubLoops = new MultiThreadIoEventLoopGroup(Settings.integer("loadtest.stubThreads", 2),
                                                    new DefaultThreadFactory("stub-pods", true),
                                                    NioIoHandler.newFactory());
        AdminPlane adminPlane = null;
        try {
            for (Topology.ShopSetSpec s : topology.shopSets()) {
                final List<StubShopSet> list = new ArrayList<>();
                for (int i = 0; i < s.pods(); i++) {
                    final StubShopSet pod = StubShopSet.builder(s.name(), s.podName(i))
                                                       .eventLoopGroup(stubLoops)
                                                       .latency(behaviour.latency())
                                                       .coldCache(behaviour.coldCache())
                                                       .build();
                    pod.setRecordingEnabled(false);
                    list.add(pod);
                }
                pods.put(s.name(), list);
            }
            accessLogFile = accessLog(configCopy);
            final String yaml = ConfigYaml.render(topology, pods, accessLogFile);
            write(configCopy, yaml);
            final GatewayConfig config = ConfigLoader.parse(yaml);
            if (withAdmin) {
                adminPlane = AdminPlane.start(configCopy, config, table);
            } else {
                table.update(config.routingState());
            }
            placement = Placement.of(table.current(), topology);
            gateway = Gateway.start(config, table, new GatewayMetrics(new SimpleMeterRegistry()),
                                    new InetSocketAddress("127.0.0.1", gatewayPort));
        } catch (InterruptedException | ConfigException | RuntimeException e) {
            if (adminPlane != null) {
                adminPlane.close();
            }
            closePods();
            throw e;
        }
        admin = adminPlane;
    }

    /** Starts everything; the gateway listens on {@code 127.0.0.1:gatewayPort}. */
    public static LocalPlatform start(Topology topology, PodBehaviour behaviour, int gatewayPort, Path configCopy) {
        return start(topology, behaviour, gatewayPort, configCopy, false);
    }

    /** As {@link #start(Topology, PodBehaviour, int, Path)}; {@code withAdmin} also starts the admin API. */
    public static LocalPlatform start(Topology topology, PodBehaviour behaviour, int gatewayPort, Path configCopy,
                                      boolean withAdmin) {
        try {
            return new LocalPlatform(topology, behaviour, gatewayPort, configCopy, withAdmin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the platform", e);
        } catch (ConfigException e) {
            throw new IllegalStateException("the generated configuration is invalid: " + e.getMessage(), e);
        }
    }

    public Topology topology() {
        return topology;
    }

    public Placement placement() {
        return placement;
    }

    public InetSocketAddress gatewayAddress() {
        return gateway.localAddress();
    }

    /** The gateway's access log (JSON lines; complete once the gateway has been idle for a moment). */
    public Path accessLogFile() {
        return accessLogFile;
    }

    /** The admin API's base URL; fails unless started with the admin API. */
    public String adminUrl() {
        return adminPlane().url();
    }

    /** The admin API's bearer token of this run (role admin); fails unless started with the admin API. */
    public String adminToken() {
        return adminPlane().token();
    }

    /** The pods of {@code shopSet}, in order. */
    public List<StubShopSet> pods(String shopSet) {
        final List<StubShopSet> list = pods.get(shopSet);
        if (list == null) {
            throw new IllegalArgumentException("no ShopSet " + shopSet);
        }
        return list;
    }

    /** Kills every pod of {@code shopSet}: listeners and connections closed, as when its nodes are lost. */
    public void killShopSet(String shopSet) {
        pods(shopSet).forEach(StubShopSet::kill);
    }

    /** Every pod's storefront counters, summed. */
    public PageCounts pageCounts() {
        long pages = 0;
        long cold = 0;
        for (List<StubShopSet> list : pods.values()) {
            for (StubShopSet p : list) {
                pages += p.pagesServed();
                cold += p.coldPagesServed();
            }
        }
        return new PageCounts(pages, cold);
    }

    /** Requests each pod received, by pod name. */
    public Map<String, Integer> requestsByPod() {
        return pods.values().stream().flatMap(List::stream)
                   .collect(Collectors.toMap(StubShopSet::endpointName, StubShopSet::requestsServed,
                                             (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public void close() {
        try {
            gateway.stop(Duration.ofSeconds(2));
        } finally {
            if (admin != null) {
                admin.close();
            }
            closePods();
        }
    }

    private AdminPlane adminPlane() {
        if (admin == null) {
            throw new IllegalStateException("the platform was started without the admin API");
        }
        return admin;
    }

    private void closePods() {
        pods.values().forEach(list -> list.forEach(StubShopSet::close));
        stubLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** {@code <name>-access.log} beside {@code <name>-shopset.yaml}, emptied. */
    private static Path accessLog(Path configCopy) {
        final Path log = configCopy.resolveSibling(configCopy.getFileName().toString()
                                                             .replace("-shopset.yaml", "-access.log"));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + log, e);
        }
        return log;
    }

    private static void write(Path file, String yaml) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * @param pages storefront pages served by every pod
     * @param cold  of those, served with a cold template cache
     */
    public record PageCounts(long pages, long cold) {

        public double coldPercent() {
            return pages == 0 ? 0 : 100.0 * cold / pages;
        }
    }

    /** Which ShopSets serve each host, in preference order, as the gateway's routing snapshot says. */
    public static final class Placement {

        private final Map<String, List<String>> candidatesByHost;
        private final Map<String, String> domainByShopSet;

        private Placement(Map<String, List<String>> candidatesByHost, Map<String, String> domainByShopSet) {
            this.candidatesByHost = candidatesByHost;
            this.domainByShopSet = domainByShopSet;
        }

        static Placement of(RoutingSnapshot snapshot, Topology topology) {
            final Map<String, List<String>> byHost = new LinkedHashMap<>();
            for (String host : topology.hosts()) {
                final ShopRoute route = snapshot.resolve(host);
                if (route == null) {
                    throw new IllegalStateException("the gateway does not route " + host);
                }
                byHost.put(host, route.candidates().stream().map(ShopSet::name).toList());
            }
            final Map<String, String> domains = new LinkedHashMap<>();
            topology.shopSets().forEach(s -> domains.put(s.name(), s.failureDomain()));
            return new Placement(byHost, domains);
        }

        /** The ShopSets of {@code host} in preference order. */
        public List<String> candidates(String host) {
            final List<String> c = candidatesByHost.get(host);
            return c == null ? List.of() : c;
        }

        public String primary(String host) {
            return candidates(host).get(0);
        }

        public String domainOf(String shopSet) {
            return domainByShopSet.getOrDefault(shopSet, "?");
        }

        /** How many shops have {@code shopSet} first. */
        public long primaries(String shopSet) {
            return candidatesByHost.values().stream().filter(c -> c.get(0).equals(shopSet)).count();
        }
    }
}
