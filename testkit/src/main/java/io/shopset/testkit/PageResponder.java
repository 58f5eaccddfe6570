package io.shopset.testkit;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The default route, a storefront page: the identity JSON, after the latency the pod's
 * {@link StorefrontModel} samples (scheduled on the event loop, never blocking it).
 */
final class PageResponder {

  private PageResponder() {}

  static ChannelFuture respond(StubExchange exchange, StorefrontModel model) {
    if (model.isInstant()) {
      return StubRouter.write(exchange, IdentityResponse.build(exchange));
    }
    StorefrontModel.PageTiming timing = model.time(exchange.request());
    String cache = model.cacheEnabled() ? (timing.cold() ? "cold" : "warm") : null;
    ChannelHandlerContext ctx = exchange.ctx();
    if (timing.delayNanos() <= 0) {
      return ctx.writeAndFlush(page(exchange, cache));
    }
    ChannelPromise written = ctx.newPromise();
    // Built inside the task, so nothing leaks if the pod is killed or the loop shuts down first.
    ctx.executor().schedule(() -> ctx.writeAndFlush(page(exchange, cache), written),
        timing.delayNanos(), TimeUnit.NANOSECONDS);
    return written;
  }

  private static FullHttpResponse page(StubExchange exchange, @Nullable String cache) {
    FullHttpResponse response = IdentityResponse.build(exchange);
    if (cache != null) {
      response.headers().set(StorefrontModel.CACHE_HEADER, cache);
    }
    return response;
  }
}
