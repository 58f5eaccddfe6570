package io.shopset.testkit;

import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread-safe counters and request log of one {@link StubShopSet}. */
final class StubRecorder {

  private final AtomicInteger connectionsAccepted = new AtomicInteger();
  private final AtomicInteger requestsServed = new AtomicInteger();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private volatile boolean recording = true;

  void connectionAccepted() {
    connectionsAccepted.incrementAndGet();
  }

  /** Called on the event loop once a request has fully arrived, before its response is written. */
  void requestReceived(HttpRequest head, long bodyBytes) {
    if (recording) {
      RecordedRequest recorded = new RecordedRequest(
          head.method().name(), head.uri(), head.headers().copy(), bodyBytes);
      synchronized (requests) {
        requests.add(recorded);
      }
    }
    requestsServed.incrementAndGet();
  }

  int connectionsAccepted() {
    return connectionsAccepted.get();
  }

  int requestsServed() {
    return requestsServed.get();
  }

  List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Forgets recorded requests and resets both counters to zero. */
  void clear() {
    synchronized (requests) {
      requests.clear();
      connectionsAccepted.set(0);
      requestsServed.set(0);
    }
  }

  void recording(boolean enabled) {
    recording = enabled;
  }
}
