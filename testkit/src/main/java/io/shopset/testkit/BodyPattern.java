package io.shopset.testkit;

import io.netty.buffer.ByteBuf;

/**
 * The deterministic byte pattern served by {@code /bytes/{n}}: byte {@code i} of a body is
 * {@code (byte) (i % 251)}. Tests use it to verify that proxied bodies arrive intact.
 */
public final class BodyPattern {

  /** The pattern period; a prime, so it never lines up with power-of-two chunk boundaries. */
  public static final int PERIOD = 251;

  private static final byte[] TILE = tile();

  private BodyPattern() {}

  /** The byte expected at absolute body offset {@code index}. */
  public static byte byteAt(long index) {
    return (byte) (index % PERIOD);
  }

  /** Returns {@code length} pattern bytes starting at absolute body offset {@code offset}. */
  public static byte[] bytes(long offset, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = byteAt(offset + i);
    }
    return out;
  }

  /**
   * Checks {@code data[0..length)} against the pattern at absolute body offset {@code offset}.
   *
   * @return the absolute body offset of the first mismatching byte, or {@code -1} if all match
   */
  public static long firstMismatch(byte[] data, int length, long offset) {
    for (int i = 0; i < length; i++) {
      if (data[i] != byteAt(offset + i)) {
        return offset + i;
      }
    }
    return -1;
  }

  /** Convenience for {@link #firstMismatch(byte[], int, long)} over a whole body. */
  public static long firstMismatch(byte[] body) {
    return firstMismatch(body, body.length, 0);
  }

  /** Appends {@code length} pattern bytes starting at absolute body offset {@code offset} to {@code dst}. */
  static void write(ByteBuf dst, long offset, int length) {
    int remaining = length;
    int start = (int) (offset % PERIOD);
    while (remaining > 0) {
      int n = Math.min(remaining, TILE.length - start);
      dst.writeBytes(TILE, start, n);
      remaining -= n;
      start = 0;
    }
  }

  private static byte[] tile() {
    byte[] tile = new byte[PERIOD * 64];
    for (int i = 0; i < tile.length; i++) {
      tile[i] = byteAt(i);
    }
    return tile;
  }
}
