package io.shopset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallPartsTest {

  @Test
  void patternRepeatsEvery251Bytes() {
    assertThat(BodyPattern.byteAt(0)).isEqualTo((byte) 0);
    assertThat(BodyPattern.byteAt(250)).isEqualTo((byte) 250);
    assertThat(BodyPattern.byteAt(251)).isEqualTo((byte) 0);
    byte[] bytes = BodyPattern.bytes(1000, 600);
    assertThat(BodyPattern.firstMismatch(bytes, bytes.length, 1000)).isEqualTo(-1);
    bytes[10]++;
    assertThat(BodyPattern.firstMismatch(bytes, bytes.length, 1000)).isEqualTo(1010);
  }

  @Test
  void jsonQuoteEscapes() {
    assertThat(Json.quote(null)).isEqualTo("null");
    assertThat(Json.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    assertThat(Json.quote("plain ü")).isEqualTo("\"plain ü\"");
  }

  @Test
  void webSocketAcceptFollowsRfc6455() {
    assertThat(WebSocketUpgrade.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void requestTargetHandlesAbsoluteForm() {
    RequestTarget target = RequestTarget.parse("http://shop.example:8080/a%20b?length=1");

    assertThat(target.rawPath()).isEqualTo("/a%20b");
    assertThat(target.path()).isEqualTo("/a b");
    assertThat(target.param("length")).isEqualTo("1");
    assertThat(target.param("missing")).isEmpty();
  }
}
