// The noisy-neighbour benchmark (not a test): shop B's throughput and latency with its neighbour A
// idle versus A flooded at 20x its limit, and A's admitted rate over two gateway replicas sharing
// Redis. Run it through bench/noisy-neighbour.sh (see bench/noisy-neighbour/README.md).
//
// Everything runs here: its own redis-server (from the PATH) on a free port, stub ShopSets and two
// gateway processes (GatewayProcess, store: redis) on ephemeral loopback ports, and an open-model
// load generator: requests are sent at a fixed arrival rate whatever the answers (a slow answer does
// not delay the next request), and latency is measured from each request's scheduled time, so
// queueing delay counts (no coordinated omission).

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.shopset.admin.auth.Tokens;
import io.shopset.app.GatewayProcess;
import io.shopset.routing.config.ConfigLoader;
import io.shopset.routing.config.GatewayConfig;
import io.shopset.testkit.RedisProcess;
import io.shopset.testkit.StubShopSet;

public final class NoisyNeighbourBench {

    public static void main(String[] args) throws Exception {
        final Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %s, Java %s%n",
                          Runtime.getRuntime().availableProcessors(), loadAverage(), Runtime.version());
        System.out.printf(Locale.ROOT, "shop A: limit %.0f req/s (burst %d) flooded at %.0fx = %.0f req/s from %d " +
                          "addresses; shop B: %.0f req/s; %d round(s) of %ds idle + %ds flooded after %ds warm-up%n",
                          o.limit, o.burst(), o.factor, o.limit * o.factor, o.floodAddresses, o.bRate, o.rounds,
                          o.seconds, o.seconds, o.warmup);
        final Path dir = Files.createTempDirectory("shopset-noisy-");
        try (RedisProcess redis = RedisProcess.startNew()) {
            final StubShopSet a1 = StubShopSet.start("prod-a", "a1");
            final StubShopSet b1 = StubShopSet.start("prod-b", "b1");
            a1.setRecordingEnabled(false);
            b1.setRecordingEnabled(false);
            final String yaml = """
                    listen: 127.0.0.1:1
                    admin: {listen: 127.0.0.1:1}
                    store: %s
                    stateFile: state.json
                    accessLog: {enabled: false}
                    platformDomains: [shops.test]
                    replicas: 2
                    tiers: [{name: prod, level: 30}]
                    failureDomains: [{name: dc-a}, {name: dc-b}]
                    shopsets:
                      - {name: prod-a, tier: prod, failureDomain: dc-a, endpoints: [%s]}
                      - {name: prod-b, tier: prod, failureDomain: dc-b, endpoints: [%s]}
                    shops:
                      - {id: shop-a, shopsets: [prod-a, prod-b], limits: {requestsPerSecond: %s, burst: %d}}
                      - {id: shop-b, shopsets: [prod-b, prod-a]}
                    limits:   # only shop A's own limit should bite: clients and other shops are generous
                      shop: {requestsPerSecond: 100000, burst: 100000, maxConcurrent: 10000}
                      client: {requestsPerSecond: 100000, burst: 100000}
                      clientTotal: {requestsPerSecond: 100000, burst: 100000}
                    """.formatted(redis.uri(), a1.endpoint(), b1.endpoint(), o.limit, o.burst());
            final GatewayProcess one = replica(dir.resolve("one"), yaml);
            final GatewayProcess two = replica(dir.resolve("two"), yaml);
            final EventLoopGroup group = new MultiThreadIoEventLoopGroup(o.clientThreads, NioIoHandler.newFactory());
            try {
                final InetSocketAddress[] gateways = {one.gatewayAddress(), two.gatewayAddress()};
                final String[] bSources = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
                final String[] aSources = new String[o.floodAddresses];
                for (int i = 0; i < aSources.length; i++) {
                    aSources[i] = "127.0.0." + (10 + i);
                }
                // Each shop's traffic is spread over both replicas, as a load balancer would.
                final Stream b = new Stream("B", "shop-b.shops.test", o.bRate, gateways, bSources, group);
                final Stream a = new Stream("A", "shop-a.shops.test", o.limit * o.factor, gateways, aSources, group);
                final Load load = new Load();
                load.start(b);
                load.start(a);
                sleep(o.warmup);
                load.stop(a);
                settle(b);
                final List<Phase> idle = new ArrayList<>();
                final List<Phase> flooded = new ArrayList<>();
                for (int round = 0; round < o.rounds; round++) {
                    idle.add(measure("round " + (round + 1) + ", A idle", b, null, o.seconds));
                    load.start(a);
                    sleep(1);
                    flooded.add(measure("round " + (round + 1) + ", A flooded", b, a, o.seconds));
                    load.stop(a);
                    sleep(2);
                }
                load.close();
                report(o, idle, flooded, one, two, b, a);
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                one.close();
                two.close();
                a1.close();
                b1.close();
            }
        }
    }

    record Options(double limit, double factor, double bRate, int seconds, int warmup, int rounds, int floodAddresses,
                   int clientThreads) {

        int burst() {
            return (int) Math.max(1, limit / 5);
        }

        static Options parse(String[] args) {
            double limit = 100;
            double factor = 20;
            double bRate = 300;
            int seconds = 15;
            int warmup = 10;
            int rounds = 3;
            int addresses = 50;
            int threads = 1;
            for (int i = 0; i < args.length; i++) {
                final String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--limit" -> limit = Double.parseDouble(v);
                    case "--factor" -> factor = Double.parseDouble(v);
                    case "--b-rate" -> bRate = Double.parseDouble(v);
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--addresses" -> addresses = Integer.parseInt(v);
                    case "--client-threads" -> threads = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see README.md)");
                }
                i++;
            }
            return new Options(limit, factor, bRate, seconds, warmup, rounds, addresses, threads);
        }
    }

    /** What one phase saw of a stream. */
    record Result(double offeredPerSecond, double answeredPerSecond, long ok, long throttled, long refused503,
                  long other, long errors, long[] okPerGateway, long[] latenciesNanos, double seconds) {

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            final int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }
    }

    record Phase(String name, Result b, Result a) {
    }

    static Phase measure(String name, Stream b, Stream a, int seconds) {
        final long start = System.nanoTime();
        b.beginPhase(start);
        if (a != null) {
            a.beginPhase(start);
        }
        sleep(seconds);
        final long end = System.nanoTime();
        final double elapsed = (end - start) / 1e9;
        // Requests scheduled in the phase count wherever their answer falls: wait for them.
        final Result rb = b.endPhase(end, elapsed);
        final Result ra = a == null ? null : a.endPhase(end, elapsed);
        System.out.printf(Locale.ROOT, "%-20s B: %6.1f req/s answered (%6.1f sent), p50 %6.2f ms, p99 %7.2f ms, " +
                          "max %7.2f ms, 429 %d, 503 %d, other %d, errors %d%s%n", name, rb.answeredPerSecond(),
                          rb.offeredPerSecond(), rb.percentileMillis(50), rb.percentileMillis(99),
                          rb.percentileMillis(100), rb.throttled(), rb.refused503(), rb.other(), rb.errors(),
                          ra == null ? "" : String.format(Locale.ROOT,
                                  "%n%-20s A: %6.1f req/s sent, admitted %.1f + %.1f = %.1f req/s, 429 %d, other %d, errors %d",
                                  "", ra.offeredPerSecond(), ra.okPerGateway()[0] / elapsed,
                                  ra.okPerGateway()[1] / elapsed, ra.ok() / elapsed, ra.throttled(), ra.other(),
                                  ra.errors()));
        return new Phase(name, rb, ra);
    }

    /**
     * After the warm-up (a cold JVM on a busy machine queues requests): B alone, in 2 s steps, until
     * a step's p99 is under 100 ms (at most 15 steps), so the first measured phase starts clean.
     */
    static void settle(Stream b) {
        for (int i = 0; i < 15; i++) {
            final long start = System.nanoTime();
            b.beginPhase(start);
            sleep(2);
            final long end = System.nanoTime();
            final Result r = b.endPhase(end, (end - start) / 1e9);
            if (r.percentileMillis(99) < 100) {
                return;
            }
            System.out.printf(Locale.ROOT, "settling: B p99 %.1f ms%n", r.percentileMillis(99));
        }
    }

    static void report(Options o, List<Phase> idle, List<Phase> flooded, GatewayProcess one, GatewayProcess two,
                       Stream b, Stream a) {
        final Result bIdle = merge(idle.stream().map(Phase::b).toList());
        final Result bFlooded = merge(flooded.stream().map(Phase::b).toList());
        final Result aFlooded = merge(flooded.stream().map(Phase::a).toList());
        System.out.println();
        System.out.println("| shop B (neighbour) | req/s | p50 ms | p99 ms | max ms | throttled (429/503) | other non-200 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Object[] row : new Object[][] {{"A idle", bIdle}, {"A flooded at " + (int) o.factor + "x", bFlooded}}) {
            final Result r = (Result) row[1];
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.2f | %d | %d |%n", row[0], r.answeredPerSecond(),
                              r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(100),
                              r.throttled() + r.refused503(), r.other() + r.errors());
        }
        final double[] ratios = new double[idle.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = flooded.get(i).b().percentileMillis(99) / idle.get(i).b().percentileMillis(99);
        }
        final double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%nB p99 ratio (flooded / idle): %.2f over all rounds; per round %s, median %.2f " +
                          "(target <= 1.2)%nB throttled while A was flooded: %d%n",
                          bFlooded.percentileMillis(99) / bIdle.percentileMillis(99), Arrays.toString(
                                  Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).toArray()),
                          sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                                  : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2,
                          bFlooded.throttled() + bFlooded.refused503());
        final double s = aFlooded.seconds();
        System.out.printf(Locale.ROOT, "A over two replicas sharing Redis: %.1f req/s sent, admitted %.1f + %.1f = " +
                          "%.1f req/s for a limit of %.0f (%.1f%%); 429 %d; other %d%n", aFlooded.offeredPerSecond(),
                          aFlooded.okPerGateway()[0] / s, aFlooded.okPerGateway()[1] / s, aFlooded.ok() / s, o.limit,
                          100 * aFlooded.ok() / s / o.limit, aFlooded.throttled(), aFlooded.other() + aFlooded.errors());
        System.out.println("fallbacks to local limits during the run: " +
                           (fallbacks(one) + fallbacks(two)) + " (0 expected: Redis stayed up)");
        System.out.println("load average at the end: " + loadAverage());
        for (Stream st : new Stream[] {b, a}) {
            if (st.firstError != null) {
                System.out.println("first failed request of shop " + st.name + ": " + st.firstError);
            }
        }
    }

    static double fallbacks(GatewayProcess p) {
        return p.gateway().cluster() == null ? Double.NaN : p.gateway().cluster().fallbacks();
    }

    static Result merge(List<Result> rs) {
        double seconds = 0;
        double offered = 0;
        long ok = 0, throttled = 0, r503 = 0, other = 0, errors = 0;
        final long[] perGateway = new long[2];
        final List<long[]> lat = new ArrayList<>();
        for (Result r : rs) {
            seconds += r.seconds();
            offered += r.offeredPerSecond() * r.seconds();
            ok += r.ok();
            throttled += r.throttled();
            r503 += r.refused503();
            other += r.other();
            errors += r.errors();
            perGateway[0] += r.okPerGateway()[0];
            perGateway[1] += r.okPerGateway()[1];
            lat.add(r.latenciesNanos());
        }
        final long[] all = lat.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(offered / seconds, all.length / seconds, ok, throttled, r503, other, errors, perGateway, all,
                          seconds);
    }

    /**
     * One shop's open-model traffic: requests scheduled at a fixed rate, alternately to each gateway,
     * over keep-alive connections from the given source addresses (new connections open when all are
     * busy). All connection handling runs on the event loop of the stream.
     */
    static final class Stream {
        final String name;
        final String host;
        final double rate;
        final InetSocketAddress[] gateways;
        final String[] sources;
        final EventLoop loop;
        final Bootstrap bootstrap;
        /** Connections to one gateway from one source address. Event loop only. */
        static final class Pool {
            final int gateway;
            final String source;
            final ArrayDeque<Channel> idle = new ArrayDeque<>();
            final ArrayDeque<Req> waiting = new ArrayDeque<>();
            /** Connections with a request written and no answer yet, and when it was written. */
            final java.util.Map<Channel, Long> busy = new java.util.HashMap<>();
            int open;

            Pool(int gateway, String source) {
                this.gateway = gateway;
                this.source = source;
            }
        }

        /** Connections per gateway and source address at most (the file descriptors are finite). */
        static final int MAX_CONNECTIONS = 8;

        final Pool[][] pools;
        long requests;
        /** The first failure's cause, for the report. */
        volatile String firstError;
        // The current phase: requests scheduled in [phaseStart, phaseEnd) count. Event loop only.
        boolean phaseOpen;
        boolean phaseEnded;
        long phaseStart;
        long phaseEnd;
        long phaseSent;
        long outstanding;
        long ok;
        long throttled;
        long refused503;
        long other;
        long errors;
        final long[] okPerGateway = new long[2];
        long[] latencies = new long[1 << 16];
        int latencyCount;

        Stream(String name, String host, double rate, InetSocketAddress[] gateways, String[] sources, EventLoopGroup group) {
            this.name = name;
            this.host = host;
            this.rate = rate;
            this.gateways = gateways;
            this.sources = sources;
            loop = group.next();
            pools = new Pool[gateways.length][sources.length];
            for (int i = 0; i < gateways.length; i++) {
                for (int j = 0; j < sources.length; j++) {
                    pools[i][j] = new Pool(i, sources[j]);
                }
            }
            bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
                        }
                    });
        }

        boolean inPhase(long scheduled) {
            return phaseOpen && scheduled - phaseStart >= 0 && (!phaseEnded || scheduled - phaseEnd < 0);
        }

        /** One request: when it was scheduled, and whether it belongs to the phase (decided when it is sent). */
        record Req(long scheduled, boolean counted) {
        }

        /**
         * Sends one request (scheduled at {@code scheduled} ns) to gateway {@code g}, from the next source
         * address in turn: on an idle connection from it, a new one while there are fewer than
         * {@link #MAX_CONNECTIONS}, else it waits for the first to come free (its latency still counts
         * from {@code scheduled}). Event loop.
         */
        void send(int g, long scheduled) {
            final Req req = new Req(scheduled, inPhase(scheduled));
            if (req.counted()) {
                phaseSent++;
                outstanding++;
            }
            final Pool pool = pools[g][(int) (requests++ % sources.length)];
            Channel idleChannel;
            while ((idleChannel = pool.idle.pollFirst()) != null) {
                if (idleChannel.isActive()) {
                    write(idleChannel, pool, req);
                    return;
                }
            }
            if (pool.open >= MAX_CONNECTIONS) {
                pool.waiting.addLast(req);
                return;
            }
            connect(pool, req);
        }

        /** Opens a connection of {@code pool} for {@code req}. */
        private void connect(Pool pool, Req req) {
            pool.open++;
            final ChannelFuture f = bootstrap.connect(gateways[pool.gateway], new InetSocketAddress(pool.source, 0));
            f.channel().closeFuture().addListener(closed -> {
                pool.open--;
                if (!pool.waiting.isEmpty()) {
                    connect(pool, pool.waiting.pollFirst());
                }
            });
            f.addListener(done -> {
                if (done.isSuccess()) {
                    write(f.channel(), pool, req);
                } else {
                    firstError = firstError == null ? String.valueOf(done.cause()) : firstError;
                    failed(req);
                }
            });
        }

        private void write(Channel ch, Pool pool, Req req) {
            final var answer = new SimpleChannelInboundHandler<FullHttpResponse>() {
                private boolean answered;

                /** A request that will get no answer here: counted once as an error. */
                void lost(String why) {
                    pool.busy.remove(ch);
                    if (!answered) {
                        answered = true;
                        firstError = firstError == null ? why : firstError;
                        failed(req);
                    }
                }

                @Override
                protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                    answered = true;
                    pool.busy.remove(ctx.channel());
                    ctx.pipeline().remove(this);
                    record(res.status().code(), pool.gateway, req, System.nanoTime() - req.scheduled());
                    if (!HttpUtil.isKeepAlive(res)) {
                        ctx.close();
                    } else if (!pool.waiting.isEmpty()) {
                        write(ctx.channel(), pool, pool.waiting.pollFirst());
                    } else {
                        pool.idle.addLast(ctx.channel());
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    firstError = firstError == null ? String.valueOf(cause) : firstError;
                    ctx.close();
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    lost("connection closed before the answer");
                }
            };
            ch.pipeline().addLast("answer", answer);
            pool.busy.put(ch, System.nanoTime());
            final DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
            r.headers().set(HttpHeaderNames.HOST, host);
            ch.writeAndFlush(r).addListener(w -> {
                if (!w.isSuccess()) {
                    // Closed before the request went out: channelInactive may have fired before the handler came.
                    ch.eventLoop().execute(() -> {
                        if (!ch.isActive()) {
                            answer.lost("the request could not be written: " + w.cause());
                        }
                    });
                }
            });
        }

        private void failed(Req req) {
            if (req.counted()) {
                errors++;
                outstanding--;
            }
        }

        private void record(int status, int g, Req req, long latency) {
            if (!req.counted()) {
                return;
            }
            outstanding--;
            if (status == 200) {
                ok++;
                okPerGateway[g]++;
            } else if (status == 429) {
                throttled++;
            } else if (status == 503) {
                refused503++;
            } else {
                other++;
            }
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = latency;
        }

        /**
         * For a request left unanswered: each pool's state, and for every connection still waiting for an
         * answer its addresses and both ends' socket queues (`ss`): bytes unread in the gateway's receive
         * queue mean the gateway never read the request; an empty one, that it read it and did not answer.
         */
        private void describeStuck() {
            final long now = System.nanoTime();
            for (Pool[] byGateway : pools) {
                for (Pool pool : byGateway) {
                    if (!pool.waiting.isEmpty() || !pool.busy.isEmpty()) {
                        System.out.printf(Locale.ROOT, "    pool gateway %d source %s: open %d, idle %d, waiting %d, busy %d%n",
                                          pool.gateway, pool.source, pool.open, pool.idle.size(), pool.waiting.size(),
                                          pool.busy.size());
                    }
                    for (var e : pool.busy.entrySet()) {
                        final Channel c = e.getKey();
                        System.out.printf(Locale.ROOT, "    busy %s -> %s active %s, written %.1f s ago, pipeline %s%n",
                                          c.localAddress(), c.remoteAddress(), c.isActive(),
                                          (now - e.getValue()) / 1e9, c.pipeline().names());
                        if (c.localAddress() instanceof InetSocketAddress local) {
                            try {
                                final Process ss = new ProcessBuilder("ss", "-tnoi", "( sport = :" + local.getPort()
                                                                                  + " or dport = :" + local.getPort() + " )")
                                        .redirectErrorStream(true).start();
                                System.out.print(new String(ss.getInputStream().readAllBytes()).indent(6));
                            } catch (Exception ex) {
                                System.out.println("      (ss failed: " + ex + ")");
                            }
                        }
                    }
                }
            }
        }

        void beginPhase(long start) {
            loop.submit(() -> {
                phaseOpen = true;
                phaseEnded = false;
                phaseStart = start;
                phaseSent = 0;
                outstanding = 0;
                ok = 0;
                throttled = 0;
                refused503 = 0;
                other = 0;
                errors = 0;
                okPerGateway[0] = 0;
                okPerGateway[1] = 0;
                latencyCount = 0;
            }).syncUninterruptibly();
        }

        /**
         * Ends the phase at {@code end}; waits (up to 40 s: longer than the gateway's response timeout, so
         * a request it gave up on shows as its 504) for the answers of the requests scheduled in it.
         */
        Result endPhase(long end, double seconds) {
            loop.submit(() -> {
                phaseEnd = end;
                phaseEnded = true;
            }).syncUninterruptibly();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (true) {
                // Checked and closed in one task on the stream's loop: a send task queued behind the check
                // (a request scheduled before the phase's end, sent just after) is counted, then waited for.
                final Result result = loop.submit(() -> {
                    if (outstanding > 0 && System.nanoTime() < deadline) {
                        return null;
                    }
                    final long[] l = Arrays.copyOf(latencies, latencyCount);
                    Arrays.sort(l);
                    final Result r = new Result(phaseSent / seconds, latencyCount / seconds, ok, throttled, refused503,
                                                other, errors + outstanding, okPerGateway.clone(), l, seconds);
                    if (outstanding > 0) {
                        System.out.printf(Locale.ROOT, "  (shop %s: %d requests of the phase unanswered after 40 s, "
                                          + "counted as errors)%n", name, outstanding);
                        describeStuck();
                    }
                    phaseOpen = false;
                    return r;
                }).syncUninterruptibly().getNow();
                if (result != null) {
                    return result;
                }
                sleep(0.01);
            }
        }
    }

    /**
     * The pacer: one thread that, about every 200 µs, hands each running stream the requests whose
     * scheduled time has come (scheduled at exact multiples of 1/rate from the stream's start).
     */
    static final class Load implements AutoCloseable {
        private final List<Object[]> running = new ArrayList<>();
        private volatile boolean closed;
        private final Thread thread = new Thread(this::run, "noisy-neighbour-pacer");

        Load() {
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void start(Stream s) {
            running.add(new Object[] {s, System.nanoTime(), 0L});
        }

        synchronized void stop(Stream s) {
            running.removeIf(r -> r[0] == s);
        }

        private void run() {
            while (!closed) {
                synchronized (this) {
                    final long now = System.nanoTime();
                    for (Object[] r : running) {
                        final Stream s = (Stream) r[0];
                        final long start = (Long) r[1];
                        long k = (Long) r[2];
                        final long due = (long) ((now - start) / 1e9 * s.rate);
                        for (; k < due; k++) {
                            final long scheduled = start + (long) (k * 1e9 / s.rate);
                            final int g = (int) (k % s.gateways.length);
                            s.loop.execute(() -> s.send(g, scheduled));
                        }
                        r[2] = k;
                    }
                }
                LockSupport.parkNanos(200_000);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static GatewayProcess replica(Path folder, String yaml) throws Exception {
        Files.createDirectories(folder);
        final Path file = folder.resolve("shopset.yaml");
        Files.writeString(file, yaml);
        final GatewayConfig config = ConfigLoader.load(file);
        return new GatewayProcess(file, config, Tokens.single("noisy-neighbour-bench-token-0123456789"),
                                  new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0));
    }

    static void sleep(double seconds) {
        LockSupport.parkNanos((long) (seconds * 1e9));
    }

    static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
