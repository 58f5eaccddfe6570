package io.shopset.testkit;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A real Netty HTTP/1.1 server standing in for one endpoint (pod) of a ShopSet.
 *
 * <p>Behaviour by path (query strings allowed; every final response carries {@code X-ShopSet} and
 * {@code X-Endpoint}, correct framing, and no body for HEAD):
 *
 * <ul>
 *   <li>{@code /healthz} - 200 {@code ok} (text/plain)</li>
 *   <li>{@code /bytes/{n}} - 200 with {@code n} {@link BodyPattern} bytes, chunked in 8 KiB chunks
 *       with back-pressure; {@code ?length=1} sends {@code Content-Length} instead</li>
 *   <li>{@code /upload} - after the whole body arrived, 200 {@code {"received": <bytes>}}</li>
 *   <li>{@code /status/{code}} - that status (200-599) with a short body (none for 204/304)</li>
 *   <li>{@code /delay/{ms}} - the identity JSON after {@code ms} milliseconds</li>
 *   <li>{@code /close} - the identity JSON with {@code Connection: close}, then closes</li>
 *   <li>{@code /ws} with {@code Upgrade: websocket} and {@code Connection: Upgrade} - 101, then a
 *       raw byte echo</li>
 *   <li>anything else - 200 identity JSON {@code {"shopset","endpoint","method","path","host",
 *       "shopId"}}</li>
 * </ul>
 *
 * <p>Connections are persistent per RFC 9112 (HTTP/1.1 by default, HTTP/1.0 only with
 * {@code Connection: keep-alive}); {@code Connection: close} is honoured. Pipelined requests are
 * answered in order. {@code Expect: 100-continue} is answered before the body is read. Bodies are
 * counted as they stream in, never aggregated.
 *
 * <p><b>Storefront behaviour</b> ({@link #builder}): a stub built with a {@link Latency} answers
 * pages (the default route) after a sampled delay, scheduled on its event loop; with a
 * {@link ColdCache} a shop's first pages on the pod are slower until the pod is warm for it, and pages
 * carry {@code X-Template-Cache: cold|warm}. Other routes ignore both. A stub started with
 * {@link #start} has neither and answers at once.
 *
 * <p><b>Kill and restart</b>: {@link #kill()} closes the listener and every connection, as a crashed
 * pod would; {@link #restart()} listens again on the same port with a cold template cache. Counters
 * and recorded requests survive both.
 *
 * <p>{@link #start}, {@link Builder#build}, {@link #kill}, {@link #restart} and {@link #close} block
 * and must not be called from an event loop thread.
 */
public final class StubShopSet implements AutoCloseable {

  private final StubIdentity identity;
  private final StubRecorder recorder = new StubRecorder();
  private final StorefrontModel model;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final String bindHost;
  private final String host;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object lifecycle = new Object();
  // Written under `lifecycle`; volatile for the getters.
  private volatile @Nullable Channel serverChannel;
  private volatile @Nullable EventLoopGroup acceptor;
  private volatile ConnectionTracker connections = new ConnectionTracker();
  private volatile int restarts;

  private StubShopSet(StubIdentity identity, StorefrontModel model, String bindHost, int port,
      EventLoopGroup group, boolean ownsGroup) {
    this.identity = identity;
    this.model = model;
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.bindHost = bindHost;
    Channel channel = listen(port);
    InetSocketAddress address = (InetSocketAddress) channel.localAddress();
    this.host = connectHost(address);
    this.port = address.getPort();
    this.serverChannel = channel;
  }

  /** Starts a stub on {@code 127.0.0.1} and an ephemeral port, with its own one-thread event loop. */
  public static StubShopSet start(String shopSet, String endpointName) {
    return start(shopSet, endpointName, "127.0.0.1", 0);
  }

  /** Starts a stub on {@code bindHost:port} ({@code 0} = ephemeral) with its own event loop. */
  public static StubShopSet start(String shopSet, String endpointName, String bindHost, int port) {
    return builder(shopSet, endpointName).bindHost(bindHost).port(port).build();
  }

  /** Starts a stub on {@code 127.0.0.1}, an ephemeral port and a caller-owned NIO event loop group. */
  public static StubShopSet start(String shopSet, String endpointName, EventLoopGroup sharedGroup) {
    return start(shopSet, endpointName, "127.0.0.1", 0, sharedGroup);
  }

  /**
   * Starts a stub on a caller-owned NIO event loop group ({@link NioIoHandler} based); closing the
   * stub leaves the group running.
   */
  public static StubShopSet start(String shopSet, String endpointName, String bindHost, int port,
      EventLoopGroup sharedGroup) {
    return builder(shopSet, endpointName).bindHost(bindHost).port(port).eventLoopGroup(sharedGroup)
        .build();
  }

  /**
   * A builder for a stub with storefront behaviour (latency, template cache). Without any option it
   * builds exactly what {@link #start(String, String)} starts.
   */
  public static Builder builder(String shopSet, String endpointName) {
    return new Builder(shopSet, endpointName);
  }

  /**
   * Binds a listener with a fresh connection tracker; called under `lifecycle` or by the constructor.
   *
   * <p>Each listener gets its own one-thread acceptor loop, shut down when the listener stops: NIO
   * frees a closed listener's socket only when its selector next runs, and shutting the loop down is
   * what makes a kill refuse connections at once and a restart able to bind the port again.
   * Connections run on the stub's group.
   */
  private Channel listen(int port) {
    ConnectionTracker tracker = new ConnectionTracker();
    EventLoopGroup accept = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("stub-accept-" + identity.shopSet() + "-" + identity.endpointName(), true),
        NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(accept, group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new StubChannelInitializer(identity, recorder, tracker, model));
    Channel channel;
    try {
      channel = bootstrap.bind(bindHost, port).syncUninterruptibly().channel();
    } catch (Exception e) { // syncUninterruptibly() rethrows the checked BindException as is
      accept.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("stub " + identity.shopSet() + "/" + identity.endpointName()
          + " cannot bind " + bindHost + ":" + port, e);
    }
    connections = tracker;
    acceptor = accept;
    return channel;
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** {@code host:port} to connect to, e.g. {@code 127.0.0.1:43121} (wildcard binds map to 127.0.0.1). */
  public String endpoint() {
    return host + ":" + port;
  }

  /** {@code http://host:port} of this stub. */
  public URI baseUri() {
    return URI.create("http://" + endpoint());
  }

  /** {@link #baseUri()} plus {@code pathAndQuery}, which must start with {@code /}. */
  public URI uri(String pathAndQuery) {
    return URI.create("http://" + endpoint() + pathAndQuery);
  }

  /** The ShopSet name, echoed in {@code X-ShopSet} and the identity JSON. */
  public String shopSet() {
    return identity.shopSet();
  }

  /** The endpoint (pod) name, echoed in {@code X-Endpoint} and the identity JSON. */
  public String endpointName() {
    return identity.endpointName();
  }

  /** TCP connections accepted so far (or since {@link #clearRecorded()}). */
  public int connectionsAccepted() {
    return recorder.connectionsAccepted();
  }

  /** Connections open right now. */
  public int openConnections() {
    return connections.open();
  }

  /**
   * Complete requests received so far (or since {@link #clearRecorded()}); a request counts as
   * soon as its body has fully arrived, before its response is written.
   */
  public int requestsServed() {
    return recorder.requestsServed();
  }

  /** Every complete request seen, in arrival order (a snapshot copy). */
  public List<RecordedRequest> requests() {
    return recorder.requests();
  }

  /** Forgets recorded requests and resets {@link #connectionsAccepted()} and {@link #requestsServed()}. */
  public void clearRecorded() {
    recorder.clear();
  }

  /** Turns request recording on (the default) or off, e.g. for long load tests; counters still count. */
  public void setRecordingEnabled(boolean enabled) {
    recorder.recording(enabled);
  }

  /**
   * Storefront pages answered with the latency model since the stub was built (0 for a stub without
   * options, whose pages are instant and uncounted).
   */
  public long pagesServed() {
    return model.pagesServed();
  }

  /** Of {@link #pagesServed()}, those served with a cold template cache. */
  public long coldPagesServed() {
    return model.coldPagesServed();
  }

  /** Shops the template cache has seen since the pod last (re)started. */
  public int shopsSeen() {
    return model.shopsSeen();
  }

  /** Whether the stub is listening (not killed and not closed). */
  public boolean isRunning() {
    return serverChannel != null;
  }

  /** How many times {@link #restart()} brought the stub back. */
  public int restarts() {
    return restarts;
  }

  /**
   * Kills the pod: closes the listener and every open connection at once (requests in flight get no
   * response) and waits for it. New connections are refused until {@link #restart()}. Idempotent.
   */
  public void kill() {
    synchronized (lifecycle) {
      stopListening();
    }
  }

  /**
   * Restarts the pod: kills it if it is running, then listens again on the same port with a cold
   * template cache.
   *
   * @throws IllegalStateException when the stub is closed or the port cannot be bound again
   */
  public void restart() {
    synchronized (lifecycle) {
      if (closed.get()) {
        throw new IllegalStateException(this + " is closed");
      }
      stopListening();
      model.restartCold();
      serverChannel = listen(port);
      restarts++;
    }
  }

  /** Closes the listener and every connection and waits for it; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (lifecycle) {
      stopListening();
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  private void stopListening() {
    Channel channel = serverChannel;
    if (channel == null) {
      return;
    }
    serverChannel = null;
    channel.close().syncUninterruptibly();
    EventLoopGroup accept = acceptor;
    if (accept != null) {
      acceptor = null;
      accept.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
    connections.closeAll();
  }

  @Override
  public String toString() {
    return "StubShopSet[" + identity.shopSet() + "/" + identity.endpointName() + " @ " + endpoint() + "]";
  }

  private static String connectHost(InetSocketAddress address) {
    if (address.getAddress() == null || address.getAddress().isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    String literal = address.getAddress().getHostAddress();
    return literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal;
  }

  /**
   * Builds and starts a {@link StubShopSet}. Defaults: {@code 127.0.0.1}, an ephemeral port, its own
   * one-thread NIO event loop, {@link Latency#none()}, {@link ColdCache#none()}, a thread-local random
   * source and {@link System#nanoTime()} as the ticker.
   */
  public static final class Builder {

    private final String shopSet;
    private final String endpointName;
    private String bindHost = "127.0.0.1";
    private int port;
    private @Nullable EventLoopGroup sharedGroup;
    private @Nullable Latency latency;
    private ColdCache coldCache = ColdCache.none();
    private @Nullable RandomGenerator random;
    private LongSupplier ticker = System::nanoTime;

    private Builder(String shopSet, String endpointName) {
      this.shopSet = requireNonNull(shopSet, "shopSet");
      this.endpointName = requireNonNull(endpointName, "endpointName");
    }

    /** The address to bind (default {@code 127.0.0.1}). */
    public Builder bindHost(String bindHost) {
      this.bindHost = requireNonNull(bindHost, "bindHost");
      return this;
    }

    /** The port to bind; {@code 0} (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      this.port = port;
      return this;
    }

    /** Runs on a caller-owned NIO event loop group, which closing the stub leaves running. */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.sharedGroup = requireNonNull(group, "group");
      return this;
    }

    /** How long a storefront page takes to render (default {@link Latency#none()}). */
    public Builder latency(Latency latency) {
      this.latency = requireNonNull(latency, "latency");
      return this;
    }

    /** The per-shop template cache (default {@link ColdCache#none()}). */
    public Builder coldCache(ColdCache coldCache) {
      this.coldCache = requireNonNull(coldCache, "coldCache");
      return this;
    }

    /** A shop's first {@code warmAfterRequests} pages on this pod take {@code penalty} longer (0.25 = +25%). */
    public Builder coldCachePenalty(double penalty, int warmAfterRequests) {
      return coldCache(ColdCache.afterRequests(penalty, warmAfterRequests));
    }

    /** A shop's pages on this pod take {@code penalty} longer for {@code warmAfter} after its first one. */
    public Builder coldCachePenalty(double penalty, Duration warmAfter) {
      return coldCache(ColdCache.afterTime(penalty, warmAfter));
    }

    /** The random source latencies are drawn from; must be thread-safe (e.g. {@code new Random(seed)}). */
    public Builder random(RandomGenerator random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** The nanosecond clock the template cache's {@code warmAfter} is measured with. */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Starts the stub.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public StubShopSet build() {
      RandomGenerator source = random != null ? random : ThreadLocalRandomSource.INSTANCE;
      StorefrontModel model = new StorefrontModel(latency, coldCache, source, ticker);
      StubIdentity identity = new StubIdentity(shopSet, endpointName);
      EventLoopGroup shared = sharedGroup;
      if (shared != null) {
        return new StubShopSet(identity, model, bindHost, port, shared, false);
      }
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
          new DefaultThreadFactory("stub-" + shopSet + "-" + endpointName, true),
          NioIoHandler.newFactory());
      try {
        return new StubShopSet(identity, model, bindHost, port, group, true);
      } catch (RuntimeException e) {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        throw e;
      }
    }
  }

  /** Delegates to the calling thread's {@link ThreadLocalRandom}, which must not be shared across threads. */
  private enum ThreadLocalRandomSource implements RandomGenerator {
    INSTANCE;

    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public double nextGaussian() {
      return ThreadLocalRandom.current().nextGaussian();
    }
  }
}
