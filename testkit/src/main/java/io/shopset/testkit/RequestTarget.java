package io.shopset.testkit;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The parts of a request target the stub routes on.
 *
 * @param rawPath the path exactly as sent, without the query string
 * @param path the percent-decoded path
 * @param query the decoded query parameters
 */
record RequestTarget(String rawPath, String path, QueryStringDecoder query) {

  static RequestTarget parse(String uri) {
    String originForm = toOriginForm(uri);
    QueryStringDecoder decoder = new QueryStringDecoder(originForm);
    return new RequestTarget(decoder.rawPath(), decoder.path(), decoder);
  }

  /** The first value of query parameter {@code name}, or {@code ""} when absent. */
  String param(String name) {
    var values = query.parameters().get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  private static String toOriginForm(String uri) {
    if (uri.startsWith("/") || !uri.contains("://")) {
      return uri;
    }
    try {
      URI absolute = new URI(uri);
      String path = absolute.getRawPath() == null || absolute.getRawPath().isEmpty()
          ? "/" : absolute.getRawPath();
      return absolute.getRawQuery() == null ? path : path + "?" + absolute.getRawQuery();
    } catch (URISyntaxException e) {
      return uri;
    }
  }
}
