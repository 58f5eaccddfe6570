package io.shopset.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import org.jspecify.annotations.Nullable;

/**
 * Produces {@code length} bytes of {@link BodyPattern} in chunks of {@link #CHUNK_SIZE} bytes.
 * Driven by {@link io.netty.handler.stream.ChunkedWriteHandler}, which only asks for the next chunk
 * while the channel is writable.
 */
final class PatternChunkedInput implements ChunkedInput<ByteBuf> {

  static final int CHUNK_SIZE = 8 * 1024;

  private final long length;
  private long offset;

  PatternChunkedInput(long length) {
    this.length = length;
  }

  @Override
  public boolean isEndOfInput() {
    return offset >= length;
  }

  @Override
  public void close() {
    offset = length;
  }

  @Deprecated
  @Override
  public @Nullable ByteBuf readChunk(ChannelHandlerContext ctx) {
    return readChunk(ctx.alloc());
  }

  @Override
  public @Nullable ByteBuf readChunk(ByteBufAllocator allocator) {
    if (isEndOfInput()) {
      return null;
    }
    int size = (int) Math.min(CHUNK_SIZE, length - offset);
    ByteBuf chunk = allocator.buffer(size);
    BodyPattern.write(chunk, offset, size);
    offset += size;
    return chunk;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long progress() {
    return offset;
  }
}
