package io.shopset.testkit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code /ws} with {@code Upgrade: websocket}: answers {@code 101 Switching Protocols}, then drops
 * the HTTP handlers and echoes raw bytes (no WebSocket framing).
 */
final class WebSocketUpgrade {

  /** The GUID RFC 6455 section 4.2.2 appends to the client key. */
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketUpgrade() {}

  static boolean isRequested(HttpRequest request) {
    HttpHeaders headers = request.headers();
    return headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /** {@code base64(sha1(key + GUID))}, the {@code Sec-WebSocket-Accept} value for {@code key}. */
  static String acceptFor(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JRE", e);
    }
  }

  static ChannelFuture accept(StubExchange exchange) {
    exchange.markUpgraded();
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
    response.headers()
        .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    String key = exchange.request().headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (key != null) {
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, acceptFor(key));
    }
    ChannelPipeline pipeline = exchange.ctx().pipeline();
    return exchange.ctx().writeAndFlush(response).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        switchToEcho(pipeline);
      } else {
        f.channel().close();
      }
    });
  }

  /** Echo handler first, codec last: bytes still buffered in the decoder then reach the echo. */
  private static void switchToEcho(ChannelPipeline pipeline) {
    pipeline.replace(StubChannelInitializer.REQUEST_HANDLER, "echo", new RawEchoHandler());
    pipeline.remove(StubChannelInitializer.CHUNKED_WRITER);
    pipeline.remove(StubChannelInitializer.HTTP_CODEC);
    pipeline.channel().config().setAutoRead(true);
  }
}
