package io.shopset.gateway.http1;

import io.netty.handler.codec.http.HttpHeaders;

/** How many fields of one name a message has, without a list when the headers are compact. */
public final class HeaderCount {

    private HeaderCount() {
    }

    /** The number of {@code name} fields in {@code headers}. */
    public static int of(HttpHeaders headers, CharSequence name) {
        return headers instanceof CompactHttpHeaders c ? c.count(name) : headers.getAll(name).size();
    }
}
