package io.shopset.testkit;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * {@code /bytes/{n}}: streams {@code n} {@link BodyPattern} bytes, chunked by default or with
 * {@code Content-Length} when the query has {@code length=1} (or the client speaks HTTP/1.0).
 */
final class PatternBodyResponder {

  private PatternBodyResponder() {}

  static ChannelFuture respond(StubExchange exchange, String lengthText) {
    long length = StubRouter.parseNonNegative(lengthText);
    if (length < 0) {
      return StubRouter.write(exchange, StubResponses.error(
          exchange, HttpResponseStatus.BAD_REQUEST, "length must be a number: " + lengthText));
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    if ("1".equals(exchange.target().param("length")) || exchange.isHttp10()) {
      head.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
    } else {
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    StubResponses.decorate(exchange, head);
    ChannelHandlerContext ctx = exchange.ctx();
    ctx.write(head);
    if (exchange.isHead()) {
      return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    return ctx.writeAndFlush(new HttpChunkedInput(new PatternChunkedInput(length)));
  }
}
