package io.shopset.testkit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** One fully received request and how its connection continues once the response is written. */
final class StubExchange {

  private final ChannelHandlerContext ctx;
  private final HttpRequest request;
  private final RequestTarget target;
  private final long bodyBytes;
  private final StubIdentity identity;
  private boolean keepAlive;
  private boolean upgraded;

  StubExchange(ChannelHandlerContext ctx, HttpRequest request, long bodyBytes, StubIdentity identity) {
    this.ctx = ctx;
    this.request = request;
    this.target = RequestTarget.parse(request.uri());
    this.bodyBytes = bodyBytes;
    this.identity = identity;
    this.keepAlive = HttpUtil.isKeepAlive(request);
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  HttpRequest request() {
    return request;
  }

  RequestTarget target() {
    return target;
  }

  long bodyBytes() {
    return bodyBytes;
  }

  StubIdentity identity() {
    return identity;
  }

  boolean isHead() {
    return HttpMethod.HEAD.equals(request.method());
  }

  boolean isHttp10() {
    return HttpVersion.HTTP_1_0.equals(request.protocolVersion());
  }

  /** Whether the connection stays open for the next request (RFC 9112 section 9.3). */
  boolean keepAlive() {
    return keepAlive;
  }

  /** Makes the connection close once the response has been written. */
  void closeAfterResponse() {
    keepAlive = false;
  }

  boolean upgraded() {
    return upgraded;
  }

  /** Marks that the connection leaves HTTP; the request handler then stops driving reads. */
  void markUpgraded() {
    upgraded = true;
  }
}
