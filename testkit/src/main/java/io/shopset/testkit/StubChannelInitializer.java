package io.shopset.testkit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;

/** Sets up each accepted connection of a {@link StubShopSet}. */
final class StubChannelInitializer extends ChannelInitializer<SocketChannel> {

  static final String HTTP_CODEC = "http";
  static final String CHUNKED_WRITER = "chunked";
  static final String REQUEST_HANDLER = "stub";

  private final StubIdentity identity;
  private final StubRecorder recorder;
  private final ConnectionTracker connections;
  private final StorefrontModel model;

  StubChannelInitializer(StubIdentity identity, StubRecorder recorder, ConnectionTracker connections,
      StorefrontModel model) {
    this.identity = identity;
    this.recorder = recorder;
    this.connections = connections;
    this.model = model;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (!connections.adopt(ch)) {
      ch.close();
      return;
    }
    recorder.connectionAccepted();
    HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(16 * 1024)
        .setMaxHeaderSize(64 * 1024);
    ch.pipeline()
        .addLast(HTTP_CODEC, new HttpServerCodec(decoderConfig))
        .addLast(CHUNKED_WRITER, new ChunkedWriteHandler())
        .addLast(REQUEST_HANDLER, new StubRequestHandler(identity, recorder, model));
  }
}
