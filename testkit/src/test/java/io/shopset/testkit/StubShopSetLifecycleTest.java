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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StubShopSetLifecycleTest {

  @Test
  void reportsItsIdentityAndAddress() {
    try (StubShopSet stub = StubShopSet.start("us-east", "pod-1")) {
      assertThat(stub.shopSet()).isEqualTo("us-east");
      assertThat(stub.endpointName()).isEqualTo("pod-1");
      assertThat(stub.port()).isPositive();
      assertThat(stub.endpoint()).isEqualTo("127.0.0.1:" + stub.port());
      assertThat(stub.baseUri()).hasToString("http://127.0.0.1:" + stub.port());
    }
  }

  @Test
  void wildcardBindIsReachableOnLoopback() throws Exception {
    try (StubShopSet stub = StubShopSet.start("us-east", "pod-2", "0.0.0.0", 0);
        RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      assertThat(stub.endpoint()).isEqualTo("127.0.0.1:" + stub.port());
      assertThat(connection.send("GET /healthz HTTP/1.1\nHost: x\n\n").read().status()).isEqualTo(200);
    }
  }

  @Test
  void bindingATakenPortFails() {
    try (StubShopSet first = StubShopSet.start("us-east", "pod-3")) {
      assertThatThrownBy(() -> StubShopSet.start("us-east", "pod-4", "127.0.0.1", first.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot bind");
    }
  }

  @Test
  void closeClosesListenerAndOpenConnections() throws Exception {
    StubShopSet stub = StubShopSet.start("us-east", "pod-5");
    try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      assertThat(connection.send("GET /healthz HTTP/1.1\nHost: x\n\n").read().status()).isEqualTo(200);
      assertThat(stub.openConnections()).isEqualTo(1);

      stub.close();

      assertThat(connection.closedByPeer()).isTrue();
      assertThat(stub.openConnections()).isZero();
      assertThatThrownBy(() -> new Socket("127.0.0.1", stub.port()).close())
          .isInstanceOf(IOException.class);
      stub.close(); // idempotent
    }
  }

  @Test
  void sharedGroupOutlivesTheStub() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      try (StubShopSet a = StubShopSet.start("shared", "a", group);
          StubShopSet b = StubShopSet.start("shared", "b", "127.0.0.1", 0, group);
          RawHttpConnection toA = new RawHttpConnection(a.port());
          RawHttpConnection toB = new RawHttpConnection(b.port())) {
        assertThat(toA.send("GET /x HTTP/1.1\nHost: x\n\n").read().header("x-endpoint")).isEqualTo("a");
        assertThat(toB.send("GET /x HTTP/1.1\nHost: x\n\n").read().header("x-endpoint")).isEqualTo("b");
      }
      assertThat(group.isShuttingDown()).isFalse();
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void countsConnectionsAndRequests() throws Exception {
    try (StubShopSet stub = StubShopSet.start("us-east", "pod-6")) {
      for (int i = 0; i < 3; i++) {
        try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
          connection.send("GET /x HTTP/1.1\nHost: x\n\n").read();
        }
      }
      assertThat(stub.connectionsAccepted()).isEqualTo(3);
      assertThat(stub.requestsServed()).isEqualTo(3);
      await().atMost(Duration.ofSeconds(5)).until(() -> stub.openConnections() == 0);
    }
  }

  @Test
  void recordingCanBeSwitchedOff() throws Exception {
    try (StubShopSet stub = StubShopSet.start("us-east", "pod-7")) {
      stub.setRecordingEnabled(false);
      try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
        connection.send("GET /x HTTP/1.1\nHost: x\n\n").read();
      }
      assertThat(stub.requests()).isEmpty();
      assertThat(stub.requestsServed()).isEqualTo(1);
    }
  }
}
