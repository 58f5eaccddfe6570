package io.shopset.testkit;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;

/** {@code /delay/{ms}}: answers with the identity JSON after a delay scheduled on the event loop. */
final class DelayResponder {

  private DelayResponder() {}

  static ChannelFuture respond(StubExchange exchange, String millisText) {
    long millis = StubRouter.parseNonNegative(millisText);
    if (millis < 0) {
      return StubRouter.write(exchange, StubResponses.error(
          exchange, HttpResponseStatus.BAD_REQUEST, "delay must be a number of ms: " + millisText));
    }
    ChannelHandlerContext ctx = exchange.ctx();
    ChannelPromise written = ctx.newPromise();
    // The response is built inside the task, so nothing leaks if the loop shuts down first.
    ctx.executor().schedule(
        () -> ctx.writeAndFlush(IdentityResponse.build(exchange), written),
        millis, TimeUnit.MILLISECONDS);
    return written;
  }
}
