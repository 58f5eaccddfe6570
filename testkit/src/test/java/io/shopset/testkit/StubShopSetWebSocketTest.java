package io.shopset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopset.testkit.RawHttpConnection.Response;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StubShopSetWebSocketTest {

  private static final String UPGRADE = "GET /ws?room=1 HTTP/1.1\nHost: shop\nUpgrade: websocket\n"
      + "Connection: keep-alive, Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n"
      + "Sec-WebSocket-Version: 13\n\n";

  private StubShopSet stub;

  @BeforeEach
  void start() {
    stub = StubShopSet.start("eu-west", "pod-ws");
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void upgradeAnswers101ThenEchoesRawBytes() throws Exception {
    try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      Response response = connection.send(UPGRADE).read();

      assertThat(response.status()).isEqualTo(101);
      assertThat(response.header("upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(response.header("connection")).isEqualToIgnoringCase("upgrade");
      // The sample handshake from RFC 6455 section 1.3.
      assertThat(response.header("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

      connection.sendBytes("hello\r\n\r\nGET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(connection.readExactly(25), StandardCharsets.US_ASCII))
          .isEqualTo("hello\r\n\r\nGET / HTTP/1.1\r\n");
    }
    assertThat(stub.requests()).singleElement()
        .satisfies(r -> assertThat(r.uri()).isEqualTo("/ws?room=1"));
  }

  @Test
  void echoesALargeStreamWithBackPressure() throws Exception {
    byte[] payload = BodyPattern.bytes(0, 4 * 1024 * 1024);
    try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      assertThat(connection.send(UPGRADE).read().status()).isEqualTo(101);

      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          connection.sendBytes(payload);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      byte[] echoed = connection.readExactly(payload.length);
      writer.join();

      assertThat(BodyPattern.firstMismatch(echoed)).isEqualTo(-1);
    }
  }

  @Test
  void wsWithoutUpgradeHeadersIsAnOrdinaryRequest() throws Exception {
    try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      Response response = connection.send("GET /ws HTTP/1.1\nHost: shop\n\n").read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).contains("\"path\":\"/ws\"");
    }
  }

  @Test
  void acceptValueWithoutKeyIsOmitted() throws Exception {
    try (RawHttpConnection connection = new RawHttpConnection(stub.port())) {
      Response response = connection.send(
          "GET /ws HTTP/1.1\nHost: shop\nUpgrade: websocket\nConnection: Upgrade\n\n").read();

      assertThat(response.status()).isEqualTo(101);
      assertThat(response.header("sec-websocket-accept")).isNull();
    }
  }
}
