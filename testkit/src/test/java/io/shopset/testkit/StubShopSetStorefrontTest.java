package io.shopset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The storefront options of {@link StubShopSet#builder}: latency, template cache, kill and restart. */
@Timeout(30)
class StubShopSetStorefrontTest {

  private static final String PAGE_FOR_A = "GET /p HTTP/1.1\nHost: a.shops.test\nX-Shop-Id: a\n\n";

  @Test
  void builderWithoutOptionsBehavesLikeStart() throws Exception {
    try (StubShopSet stub = StubShopSet.builder("s", "pod-1").build();
        RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      RawHttpConnection.Response page = connection.send(PAGE_FOR_A).read();

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header(StorefrontModel.CACHE_HEADER)).isNull();
      assertThat(page.bodyText()).contains("\"shopId\":\"a\"");
      assertThat(stub.pagesServed()).isZero();
      assertThat(stub.isRunning()).isTrue();
    }
  }

  @Test
  void latencyDelaysPagesButNotHealthChecks() throws Exception {
    try (StubShopSet stub = StubShopSet.builder("s", "pod-2").latency(Latency.fixed(Duration.ofSeconds(2)))
            .build();
        RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      long start = System.nanoTime();
      assertThat(connection.send("GET /healthz HTTP/1.1\nHost: x\n\n").read().status()).isEqualTo(200);
      long health = System.nanoTime() - start;
      RawHttpConnection.Response page = connection.send(PAGE_FOR_A).read();
      long page2 = System.nanoTime() - start - health;

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("x-endpoint")).isEqualTo("pod-2");
      assertThat(Duration.ofNanos(page2)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(Duration.ofNanos(health)).isLessThan(Duration.ofSeconds(2));
      assertThat(stub.pagesServed()).isEqualTo(1);
    }
  }

  @Test
  void coldCacheIsPerShopKeyedByShopIdThenHost() throws Exception {
    try (StubShopSet stub = StubShopSet.builder("s", "pod-3").coldCachePenalty(0.25, 2).build();
        RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      assertThat(cacheHeader(connection, PAGE_FOR_A)).isEqualTo("cold");
      assertThat(cacheHeader(connection, PAGE_FOR_A)).isEqualTo("cold");
      assertThat(cacheHeader(connection, PAGE_FOR_A)).isEqualTo("warm");
      assertThat(cacheHeader(connection, "GET / HTTP/1.1\nHost: b.shops.test\nX-Shop-Id: b\n\n"))
          .isEqualTo("cold");
      assertThat(cacheHeader(connection, "GET / HTTP/1.1\nHost: c.example\n\n")).isEqualTo("cold");
      assertThat(cacheHeader(connection, "GET / HTTP/1.1\nHost: c.example\n\n")).isEqualTo("cold");
      assertThat(cacheHeader(connection, "GET / HTTP/1.1\nHost: c.example\n\n")).isEqualTo("warm");

      assertThat(stub.pagesServed()).isEqualTo(7);
      assertThat(stub.coldPagesServed()).isEqualTo(5);
      assertThat(stub.shopsSeen()).isEqualTo(3);
    }
  }

  @Test
  void killClosesListenerAndConnectionsAndRestartListensOnTheSamePortWithAColdCache() throws Exception {
    try (StubShopSet stub = StubShopSet.builder("s", "pod-4").coldCachePenalty(0.25, 1).build()) {
      int port = stub.port();
      RawHttpConnection before = new RawHttpConnection(port);
      assertThat(cacheHeader(before, PAGE_FOR_A)).isEqualTo("cold");
      assertThat(cacheHeader(before, PAGE_FOR_A)).isEqualTo("warm");

      stub.kill();

      assertThat(stub.isRunning()).isFalse();
      assertThat(before.closedByPeer()).isTrue();
      before.close();
      assertThat(stub.openConnections()).isZero();
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
      stub.kill(); // idempotent

      stub.restart();

      assertThat(stub.isRunning()).isTrue();
      assertThat(stub.port()).isEqualTo(port);
      assertThat(stub.restarts()).isEqualTo(1);
      try (RawHttpConnection after = new RawHttpConnection(port)) {
        assertThat(cacheHeader(after, PAGE_FOR_A)).isEqualTo("cold");
        assertThat(cacheHeader(after, PAGE_FOR_A)).isEqualTo("warm");
      }
      assertThat(stub.requestsServed()).isEqualTo(4);
      assertThat(stub.coldPagesServed()).isEqualTo(2);
    }
  }

  @Test
  void restartOfARunningStubKillsItFirst() throws Exception {
    try (StubShopSet stub = StubShopSet.builder("s", "pod-5").build();
        RawHttpConnection before = new RawHttpConnection(stub.port())) {
      assertThat(before.send(PAGE_FOR_A).read().status()).isEqualTo(200);

      stub.restart();

      assertThat(before.closedByPeer()).isTrue();
      try (RawHttpConnection after = new RawHttpConnection(stub.port())) {
        assertThat(after.send(PAGE_FOR_A).read().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void killDropsPagesInFlightWithoutAResponse() throws Exception {
    try (StubShopSet stub = StubShopSet.builder("s", "pod-6").latency(Latency.fixed(Duration.ofSeconds(5)))
            .build();
        RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      connection.send(PAGE_FOR_A);
      await().atMost(Duration.ofSeconds(5)).until(() -> stub.requestsServed() == 1);

      stub.kill();

      assertThat(connection.closedByPeer()).isTrue();
    }
  }

  @Test
  void killAndRestartWorkOnASharedGroup() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      try (StubShopSet stub = StubShopSet.builder("shared", "pod-7").eventLoopGroup(group)
          .latency(Latency.fixed(Duration.ofMillis(1))).build()) {
        stub.kill();
        stub.restart();
        try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
          assertThat(connection.send(PAGE_FOR_A).read().header("x-shopset")).isEqualTo("shared");
        }
      }
      assertThat(group.isShuttingDown()).isFalse();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void restartAfterCloseFails() {
    StubShopSet stub = StubShopSet.builder("s", "pod-8").build();
    stub.close();

    assertThatThrownBy(stub::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    stub.kill(); // harmless
  }

  @Test
  void builderRejectsBadValues() {
    assertThatThrownBy(() -> StubShopSet.builder("s", "p").port(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port: -1 (expected: 0-65535)");
    assertThatThrownBy(() -> StubShopSet.builder("s", "p").coldCachePenalty(-0.5, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("penalty: -0.5");
  }

  private static String cacheHeader(RawHttpConnection connection, String request) throws IOException {
    RawHttpConnection.Response response = connection.send(request).read();
    assertThat(response.status()).isEqualTo(200);
    return response.header(StorefrontModel.CACHE_HEADER);
  }
}
