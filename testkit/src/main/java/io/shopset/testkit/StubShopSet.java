package io.shopset.testkit;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>{@link #start} and {@link #close} block and must not be called from an event loop thread.
 */
public final class StubShopSet implements AutoCloseable {

  private final StubIdentity identity;
  private final StubRecorder recorder;
  private final ConnectionTracker connections;
  private final Channel serverChannel;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final String host;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StubShopSet(StubIdentity identity, StubRecorder recorder, ConnectionTracker connections,
      Channel serverChannel, EventLoopGroup group, boolean ownsGroup) {
    this.identity = identity;
    this.recorder = recorder;
    this.connections = connections;
    this.serverChannel = serverChannel;
    this.group = group;
    this.ownsGroup = ownsGroup;
    InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
    this.host = connectHost(address);
    this.port = address.getPort();
  }

  /** Starts a stub on {@code 127.0.0.1} and an ephemeral port, with its own one-thread event loop. */
  public static StubShopSet start(String shopSet, String endpointName) {
    return start(shopSet, endpointName, "127.0.0.1", 0);
  }

  /** Starts a stub on {@code bindHost:port} ({@code 0} = ephemeral) with its own event loop. */
  public static StubShopSet start(String shopSet, String endpointName, String bindHost, int port) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("stub-" + shopSet + "-" + endpointName, true),
        NioIoHandler.newFactory());
    try {
      return bind(shopSet, endpointName, bindHost, port, group, true);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
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
    return bind(shopSet, endpointName, bindHost, port, sharedGroup, false);
  }

  private static StubShopSet bind(String shopSet, String endpointName, String bindHost, int port,
      EventLoopGroup group, boolean ownsGroup) {
    StubIdentity identity = new StubIdentity(shopSet, endpointName);
    StubRecorder recorder = new StubRecorder();
    ConnectionTracker connections = new ConnectionTracker();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new StubChannelInitializer(identity, recorder, connections));
    Channel serverChannel;
    try {
      serverChannel = bootstrap.bind(bindHost, port).syncUninterruptibly().channel();
    } catch (Exception e) { // syncUninterruptibly() rethrows the checked BindException as is
      throw new IllegalStateException(
          "stub " + shopSet + "/" + endpointName + " cannot bind " + bindHost + ":" + port, e);
    }
    return new StubShopSet(identity, recorder, connections, serverChannel, group, ownsGroup);
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

  /** Closes the listener and every connection and waits for it; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    connections.closeAll();
    if (ownsGroup) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
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
}
