package io.shopset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StubShopSetRoutesTest {

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private StubShopSet stub;

  @BeforeEach
  void start() {
    stub = StubShopSet.start("eu-west", "pod-a");
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/plain"));
    assertThat(response.headers().firstValue("content-length")).hasValue("2");
  }

  @Test
  void anyOtherPathAnswersIdentityJson() throws Exception {
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(stub.uri("/some/path?q=1")).header("X-Shop-Id", "shop-42").build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-shopset")).hasValue("eu-west");
    assertThat(response.headers().firstValue("x-endpoint")).hasValue("pod-a");
    assertThat(response.body()).isEqualTo("{\"shopset\":\"eu-west\",\"endpoint\":\"pod-a\","
        + "\"method\":\"GET\",\"path\":\"/some/path\",\"host\":\"" + stub.endpoint() + "\","
        + "\"shopId\":\"shop-42\"}");
  }

  @Test
  void identityJsonHasNullShopIdWithoutHeaderAndEchoesMethod() throws Exception {
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(stub.uri("/x")).method("DELETE", BodyPublishers.noBody()).build(),
        BodyHandlers.ofString());

    assertThat(response.body()).contains("\"method\":\"DELETE\"").endsWith("\"shopId\":null}");
  }

  @Test
  void statusAnswersRequestedStatusWithShortBody() throws Exception {
    HttpResponse<String> notFound = get("/status/404");
    HttpResponse<String> unavailable = get("/status/503?x=y");

    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.body()).isEqualTo("status 404\n");
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.headers().firstValue("x-endpoint")).hasValue("pod-a");
  }

  @Test
  void status204HasNoBody() throws Exception {
    HttpResponse<String> response = get("/status/204");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("content-length")).isEmpty();
  }

  @Test
  void statusRejectsNonFinalCodes() throws Exception {
    assertThat(get("/status/101").statusCode()).isEqualTo(400);
    assertThat(get("/status/abc").statusCode()).isEqualTo(400);
  }

  @Test
  void delayAnswersAfterTheDelay() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = get("/delay/300");
    long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"path\":\"/delay/300\"");
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
  }

  @Test
  void bytesStreamsTenMegabytesOfPatternChunked() throws Exception {
    long n = 10_000_000;
    HttpResponse<InputStream> response = client.send(
        HttpRequest.newBuilder(stub.uri("/bytes/" + n)).build(), BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    assertThat(response.headers().firstValue("content-length")).isEmpty();
    assertThat(verifyPattern(response.body())).isEqualTo(n);
  }

  @Test
  void bytesWithLengthParameterUsesContentLength() throws Exception {
    HttpResponse<byte[]> response = client.send(
        HttpRequest.newBuilder(stub.uri("/bytes/100000?length=1")).build(),
        BodyHandlers.ofByteArray());

    assertThat(response.headers().firstValue("content-length")).hasValue("100000");
    assertThat(response.headers().firstValue("transfer-encoding")).isEmpty();
    assertThat(response.body()).hasSize(100_000);
    assertThat(BodyPattern.firstMismatch(response.body())).isEqualTo(-1);
  }

  @Test
  void uploadCountsAChunkedStreamedBody() throws Exception {
    int size = 6 * 1024 * 1024 + 17;
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(stub.uri("/upload"))
            .POST(BodyPublishers.ofInputStream(() -> new PatternStream(size))).build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"received\": " + size + "}");
    RecordedRequest recorded = stub.requests().get(0);
    assertThat(recorded.bodyBytes()).isEqualTo(size);
    assertThat(recorded.header("transfer-encoding")).isEqualTo("chunked");
  }

  @Test
  void uploadCountsAFixedLengthBody() throws Exception {
    byte[] body = new byte[3 * 1024 * 1024];
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(stub.uri("/upload?name=x")).PUT(BodyPublishers.ofByteArray(body)).build(),
        BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("{\"received\": " + body.length + "}");
  }

  @Test
  void recordsEveryRequestInOrder() throws Exception {
    get("/a?x=1");
    client.send(HttpRequest.newBuilder(stub.uri("/b")).header("X-Shop-Id", "s1")
        .POST(BodyPublishers.ofString("hello")).build(), BodyHandlers.ofString());

    assertThat(stub.requests()).extracting(RecordedRequest::method, RecordedRequest::uri,
            RecordedRequest::bodyBytes)
        .containsExactly(
            Tuple.tuple("GET", "/a?x=1", 0L),
            Tuple.tuple("POST", "/b", 5L));
    assertThat(stub.requests().get(0).path()).isEqualTo("/a");
    assertThat(stub.requests().get(1).header("x-shop-id")).isEqualTo("s1");
    assertThat(stub.requestsServed()).isEqualTo(2);

    stub.clearRecorded();
    assertThat(stub.requests()).isEmpty();
    assertThat(stub.requestsServed()).isZero();
    assertThat(stub.connectionsAccepted()).isZero();
  }

  @Test
  void httpClientReusesOneConnection() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    assertThat(stub.connectionsAccepted()).isEqualTo(1);
    assertThat(stub.requestsServed()).isEqualTo(5);
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    URI uri = stub.uri(pathAndQuery);
    return client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
  }

  /** Reads the stream to its end, checking every byte; returns how many bytes there were. */
  private static long verifyPattern(InputStream body) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long offset = 0;
    try (body) {
      for (int n = body.read(buffer); n != -1; n = body.read(buffer)) {
        long mismatch = BodyPattern.firstMismatch(buffer, n, offset);
        assertThat(mismatch).as("first mismatching offset").isEqualTo(-1);
        offset += n;
      }
    }
    return offset;
  }

  /** An input stream of {@code size} pattern bytes, produced without holding them all. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    PatternStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? BodyPattern.byteAt(position++) & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      byte[] chunk = BodyPattern.bytes(position, n);
      System.arraycopy(chunk, 0, b, off, n);
      position += n;
      return n;
    }
  }
}
