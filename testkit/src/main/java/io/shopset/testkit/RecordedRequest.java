package io.shopset.testkit;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * One complete request received by a {@link StubShopSet}, recorded once its body has fully arrived.
 *
 * @param method the request method, e.g. {@code GET}
 * @param uri the request target exactly as sent (origin-form, including the query string)
 * @param headers a private copy of the request headers
 * @param bodyBytes how many body bytes arrived (after de-chunking)
 */
public record RecordedRequest(String method, String uri, HttpHeaders headers, long bodyBytes) {

  /** The first value of the named header, or {@code null} when absent (names are case-insensitive). */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /** The raw path of {@link #uri()}, without the query string. */
  public String path() {
    return RequestTarget.parse(uri).rawPath();
  }

  /** Decodes the query string of {@link #uri()}. */
  public QueryStringDecoder query() {
    return new QueryStringDecoder(uri);
  }
}
