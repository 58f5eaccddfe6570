package io.shopset.testkit;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/** The open connections of one stub, so that closing the stub closes them all. */
final class ConnectionTracker {

  private final ChannelGroup channels =
      new DefaultChannelGroup("stub-connections", GlobalEventExecutor.INSTANCE);
  private volatile boolean closed;

  /**
   * Tracks {@code channel} (it leaves the group by itself when it closes).
   *
   * @return {@code false} when the stub is already closing; the caller must close the channel
   */
  boolean adopt(Channel channel) {
    channels.add(channel);
    // Checked after add: closeAll() either sees this channel in the group or we see the flag.
    return !closed;
  }

  int open() {
    return channels.size();
  }

  /** Closes every tracked connection and waits until they are closed. Must not run on an event loop. */
  void closeAll() {
    closed = true;
    channels.close().awaitUninterruptibly();
  }
}
