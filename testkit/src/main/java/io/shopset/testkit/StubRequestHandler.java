package io.shopset.testkit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection HTTP/1.1 state machine. Body bytes are counted and released as they stream in;
 * the response is written once the request is complete. While a response is being written, further
 * (pipelined) messages wait in a backlog and no more is read from the socket, so responses go out
 * in request order. Reads are driven explicitly: auto-read is off.
 */
final class StubRequestHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(StubRequestHandler.class);

  private final StubIdentity identity;
  private final StubRecorder recorder;
  private final StorefrontModel model;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>();
  private @Nullable HttpRequest current;
  private long bodyBytes;
  private boolean responding;

  StubRequestHandler(StubIdentity identity, StubRecorder recorder, StorefrontModel model) {
    this.identity = identity;
    this.recorder = recorder;
    this.model = model;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (responding || !backlog.isEmpty()) {
      backlog.add(msg);
    } else {
      handle(ctx, msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    readMoreIfIdle(ctx);
  }

  private void readMoreIfIdle(ChannelHandlerContext ctx) {
    if (!responding && backlog.isEmpty() && ctx.channel().isActive()) {
      ctx.read();
    }
  }

  private void handle(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
      try {
        rejectMalformed(ctx, msg instanceof HttpRequest request ? request : current);
      } finally {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    boolean complete = false;
    try {
      if (msg instanceof HttpRequest request) {
        startRequest(ctx, request);
      }
      if (msg instanceof HttpContent content) {
        bodyBytes += content.content().readableBytes();
        complete = msg instanceof LastHttpContent;
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
    HttpRequest request = current;
    if (complete && request != null) {
      current = null;
      respond(ctx, request);
    }
  }

  private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
    current = request;
    bodyBytes = 0;
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
  }

  private void respond(ChannelHandlerContext ctx, HttpRequest request) {
    recorder.requestReceived(request, bodyBytes);
    StubExchange exchange = new StubExchange(ctx, request, bodyBytes, identity);
    responding = true;
    ChannelFuture written = StubRouter.respond(exchange, model);
    written.addListener((ChannelFutureListener) f -> {
      if (exchange.upgraded()) {
        return;
      }
      if (f.isSuccess() && exchange.keepAlive()) {
        responding = false;
        drainBacklog(ctx);
        readMoreIfIdle(ctx);
      } else {
        f.channel().close();
      }
    });
  }

  private void drainBacklog(ChannelHandlerContext ctx) {
    while (!responding && !backlog.isEmpty()) {
      handle(ctx, backlog.poll());
    }
  }

  /** Answers 400 and closes: after a decoding failure the stream cannot be trusted any more. */
  private void rejectMalformed(ChannelHandlerContext ctx, @Nullable HttpRequest request) {
    HttpRequest head = request != null
        ? request : new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    StubExchange exchange = new StubExchange(ctx, head, 0, identity);
    exchange.closeAfterResponse();
    responding = true;
    ctx.writeAndFlush(StubResponses.error(
            exchange, HttpResponseStatus.BAD_REQUEST, "malformed request"))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseBacklog();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseBacklog();
    ctx.fireChannelInactive();
  }

  private void releaseBacklog() {
    for (Object msg = backlog.poll(); msg != null; msg = backlog.poll()) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("stub {} closing {} after error", identity, ctx.channel(), cause);
    ctx.close();
  }
}
