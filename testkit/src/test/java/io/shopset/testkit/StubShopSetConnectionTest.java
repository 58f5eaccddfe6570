package io.shopset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopset.testkit.RawHttpConnection.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection handling and framing, checked byte by byte over raw sockets. */
@Timeout(30)
class StubShopSetConnectionTest {

  private StubShopSet stub;

  @BeforeEach
  void start() {
    stub = StubShopSet.start("eu-west", "pod-b");
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void http11KeepsTheConnectionAliveByDefault() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response first = connection.send(get("/one")).read();
      Response second = connection.send(get("/two")).read();

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("connection")).isNull();
      assertThat(second.bodyText()).contains("\"path\":\"/two\"");
      assertThat(connection.silentFor(100)).isTrue();
    }
    assertThat(stub.connectionsAccepted()).isEqualTo(1);
    assertThat(stub.requestsServed()).isEqualTo(2);
  }

  @Test
  void connectionCloseRequestIsHonoured() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response response = connection.send(
          "GET /x HTTP/1.1\nHost: shop\nConnection: close\n\n").read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(connection.closedByPeer()).isTrue();
    }
  }

  @Test
  void closePathAnswersThenCloses() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response response = connection.send(get("/close")).read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(response.bodyText()).contains("\"path\":\"/close\"");
      assertThat(connection.closedByPeer()).isTrue();
    }
  }

  @Test
  void http10ClosesUnlessKeepAliveIsAsked() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response response = connection.send("GET /bytes/10 HTTP/1.0\n\n").read();

      assertThat(response.header("content-length")).isEqualTo("10");
      assertThat(response.header("transfer-encoding")).isNull();
      assertThat(connection.closedByPeer()).isTrue();
    }
    try (RawHttpConnection connection = connect()) {
      Response first = connection.send("GET /a HTTP/1.0\nConnection: keep-alive\n\n").read();
      Response second = connection.send("GET /b HTTP/1.0\nConnection: keep-alive\n\n").read();

      assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
      assertThat(second.status()).isEqualTo(200);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttpConnection connection = connect()) {
      connection.send(get("/delay/200") + get("/healthz") + get("/third"));

      assertThat(connection.read().bodyText()).contains("\"path\":\"/delay/200\"");
      assertThat(connection.read().bodyText()).isEqualTo("ok");
      assertThat(connection.read().bodyText()).contains("\"path\":\"/third\"");
    }
    assertThat(stub.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void bytesAreChunkedInEightKibChunks() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response response = connection.send(get("/bytes/20000")).read();

      assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(response.chunkSizes()).containsExactly(8192, 8192, 3616, 0);
      assertThat(BodyPattern.firstMismatch(response.body())).isEqualTo(-1);
      assertThat(connection.send(get("/bytes/0")).read().chunkSizes()).containsExactly(0);
    }
  }

  @Test
  void headGetsHeadersOnly() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response identity = connection.send("HEAD /x HTTP/1.1\nHost: shop\n\n").read(true);
      Response bytes = connection.send("HEAD /bytes/100000 HTTP/1.1\nHost: shop\n\n").read(true);
      Response health = connection.send("HEAD /healthz HTTP/1.1\nHost: shop\n\n").read(true);
      // Had any body bytes been sent, this response would not parse.
      Response next = connection.send(get("/after")).read();

      assertThat(identity.status()).isEqualTo(200);
      assertThat(Integer.parseInt(identity.header("content-length"))).isPositive();
      assertThat(bytes.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(health.header("content-length")).isEqualTo("2");
      assertThat(next.bodyText()).contains("\"path\":\"/after\"");
      assertThat(connection.silentFor(100)).isTrue();
    }
    assertThat(stub.requests()).extracting(RecordedRequest::method)
        .containsExactly("HEAD", "HEAD", "HEAD", "GET");
  }

  @Test
  void bodilessStatusesKeepTheConnectionUsable() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response noContent = connection.send(get("/status/204")).read();
      Response notModified = connection.send(get("/status/304")).read();
      Response next = connection.send(get("/healthz")).read();

      assertThat(noContent.status()).isEqualTo(204);
      assertThat(noContent.header("content-length")).isNull();
      assertThat(noContent.header("transfer-encoding")).isNull();
      assertThat(notModified.status()).isEqualTo(304);
      assertThat(next.bodyText()).isEqualTo("ok");
      assertThat(connection.silentFor(100)).isTrue();
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
    try (RawHttpConnection connection = connect()) {
      connection.send("POST /upload HTTP/1.1\nHost: shop\nContent-Length: 5\nExpect: 100-continue\n\n");
      Response interim = connection.read();
      Response response = connection.sendBytes("hello".getBytes()).read();

      assertThat(interim.status()).isEqualTo(100);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).isEqualTo("{\"received\": 5}");
    }
    assertThat(stub.requests().get(0).header("expect")).isEqualTo("100-continue");
  }

  @Test
  void chunkedUploadOverRawSocket() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response response = connection.send("POST /upload HTTP/1.1\nHost: shop\n"
          + "Transfer-Encoding: chunked\n\n5\nhello\n6\n world\n0\n\n").read();

      assertThat(response.bodyText()).isEqualTo("{\"received\": 11}");
    }
  }

  @Test
  void jsonIsEscaped() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response response = connection.send(
          "GET /x HTTP/1.1\nHost: a\"b\nX-Shop-Id: back\\slash\n\n").read();

      assertThat(response.bodyText())
          .contains("\"host\":\"a\\\"b\"", "\"shopId\":\"back\\\\slash\"");
    }
  }

  @Test
  void malformedRequestGets400AndClose() throws Exception {
    try (RawHttpConnection connection = connect()) {
      Response response = connection.send("GET /x HTTP/1.1\nHost: a\nContent-Length: nope\n\n").read();

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(connection.closedByPeer()).isTrue();
    }
  }

  private RawHttpConnection connect() throws Exception {
    return new RawHttpConnection(stub.port());
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\nHost: shop.example\n\n";
  }
}
