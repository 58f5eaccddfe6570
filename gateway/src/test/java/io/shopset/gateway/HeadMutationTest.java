package io.shopset.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.shopset.testkit.RecordedRequest;
import io.shopset.testkit.StubShopSet;

/**
 * Issue 9: a randomised mutation test over request heads (seeded, so a failure replays). Valid
 * heads get one to three mutations — CR, LF, NUL, SP, HTAB or CRLF+SP inserted, a header line
 * duplicated, letters' case flipped, the head truncated — and the invariant is: either the gateway
 * answers 4xx (or 501 for an unknown transfer coding) and no upstream sees a request, or the upstream sees exactly one well-formed request
 * (and the client gets its 2xx, unless it half-closed after a truncated stream).
 */
class HeadMutationTest {

    static final long SEED = Long.getLong("shopset.mutationSeed", 0x5eed_0009L);
    static final int CASES = Integer.getInteger("shopset.mutationCases", 400);
    static final Set<String> HOSTS = Set.of("alpha.shops.test", "beta.shops.test");
    static final String[] BASES = {
            "GET /m?c=%d&q=1 HTTP/1.1\r\nHost: alpha.shops.test\r\nAccept: */*\r\nX-Test: v\r\nConnection: close\r\n\r\n",
            "POST /upload?c=%d&x HTTP/1.1\r\nHost: alpha.shops.test\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n" +
            "Connection: close\r\n\r\nhello",
            "POST /upload?c=%d&x HTTP/1.1\r\nHost: beta.shops.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
            "5\r\nhello\r\n0\r\n\r\n",
    };
    static final String[] INSERTS = {"\r", "\n", "\0", " ", "\t", "\r\n", "\r\n ", "\r\n\t"};

    static GatewayHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness("timeouts: {requestHeaders: 300ms, idle: 300ms}\n");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void mutatedHeadsAreRefusedWhole_orForwardedAsExactlyOneWellFormedRequest() throws Exception {
        final Random random = new Random(SEED);
        int refused = 0;
        int forwarded = 0;
        for (int n = 0; n < CASES; n++) {
            // Each case's requests carry its number, so that a late request of an earlier case cannot count.
            final String base = BASES[random.nextInt(BASES.length)].formatted(n);
            final String marker = "c=" + n + "&";
            final int headEnd = base.indexOf("\r\n\r\n") + 4;
            final StringBuilder head = new StringBuilder(base.substring(0, headEnd));
            final StringBuilder applied = new StringBuilder();
            boolean truncated = false;
            for (int m = 1 + random.nextInt(3); m > 0 && !truncated; m--) {
                truncated = mutate(head, random, applied);
            }
            final String request = truncated ? head.toString() : head + base.substring(headEnd);
            final String what = "case " + n + " (seed " + SEED + ") " + applied + ": " + visible(request);
            h.stubs().forEach(StubShopSet::clearRecorded);

            final List<Integer> statuses = exchange(request, truncated);
            final List<RecordedRequest> seen = new ArrayList<>();
            h.stubs().forEach(s -> s.requests().stream().filter(r -> r.uri().toLowerCase(java.util.Locale.ROOT).contains(marker)).forEach(seen::add));
            final long ok = statuses.stream().filter(s -> s >= 200 && s < 300).count();
            assertThat(seen).as(what).hasSizeLessThanOrEqualTo(1);
            seen.forEach(r -> assertWellFormed(r, what));
            if (statuses.isEmpty()) {
                // Only a truncated stream goes unanswered: the client half-closed, which the gateway
                // takes as a close, also when a whole request came before the cut.
                assertThat(truncated).as(what + ": no answer to a whole request").isTrue();
            } else if (ok == 0) {
                refused++;
                // 4xx, or 501 for a transfer coding it does not know (RFC 9112 6.1).
                assertThat(statuses.get(0)).as(what).satisfiesAnyOf(s -> assertThat(s).isBetween(400, 499),
                                                                   s -> assertThat(s).isEqualTo(501));
                assertThat(seen).as(what).isEmpty();
            } else {
                forwarded++;
                assertThat(statuses.get(0)).as(what).isBetween(200, 299);
                assertThat(ok).as(what).isEqualTo(1);
                assertThat(seen).as(what).hasSize(1);
                for (int s : statuses.subList(1, statuses.size())) {
                    assertThat(s).as(what + ": after the forwarded request").isBetween(400, 499);
                }
            }
        }
        assertThat(refused).as("refused").isGreaterThan(CASES / 4);
        assertThat(forwarded).as("forwarded").isGreaterThan(CASES / 20);
    }

    /** Applies one mutation to {@code head}; returns whether it truncated it. */
    private static boolean mutate(StringBuilder head, Random random, StringBuilder applied) {
        switch (random.nextInt(5)) {
            case 0 -> {
                final String insert = INSERTS[random.nextInt(INSERTS.length)];
                final int at = random.nextInt(head.length() - 3);
                head.insert(at, insert);
                applied.append("[insert ").append(visible(insert)).append(" at ").append(at).append(']');
            }
            case 1 -> {
                final List<int[]> lines = headerLines(head);
                final int[] line = lines.get(random.nextInt(lines.size()));
                head.insert(line[1], head.substring(line[0], line[1]));
                applied.append("[duplicate line at ").append(line[0]).append(']');
            }
            case 2 -> {
                final int from = random.nextInt(head.length());
                final int to = Math.min(head.length(), from + 1 + random.nextInt(12));
                for (int i = from; i < to; i++) {
                    final char c = head.charAt(i);
                    head.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
                applied.append("[flip case ").append(from).append("..").append(to).append(']');
            }
            case 3 -> {
                final int at = random.nextInt(head.length() - 1);
                head.setLength(at);
                applied.append("[truncate at ").append(at).append(']');
                return true;
            }
            default -> {
                final int at = random.nextInt(head.length() - 3);
                head.insert(at, ' ');
                applied.append("[space at ").append(at).append(']');
            }
        }
        return false;
    }

    /** Sends {@code request}; returns the statuses of the responses until the gateway closes. */
    private static List<Integer> exchange(String request, boolean truncated) throws IOException {
        final List<Integer> statuses = new ArrayList<>();
        try (Socket s = new Socket(h.address().getAddress(), h.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(ISO_8859_1));
            if (truncated) {
                s.shutdownOutput();
            }
            final String text = new String(readToEnd(s), ISO_8859_1);
            // Responses one after the other (a head the codec could not read is answered as HTTP/1.0).
            int i = 0;
            while (text.startsWith("HTTP/1.", i)) {
                statuses.add(Integer.parseInt(text.substring(i + 9, i + 12)));
                final int bodyStart = text.indexOf("\r\n\r\n", i) + 4;
                final String head = text.substring(i, bodyStart).toLowerCase(java.util.Locale.ROOT);
                i = bodyStart + bodyLength(text, head, bodyStart);
            }
            assertThat(i).as("bytes after the last response").isEqualTo(text.length());
        }
        return statuses;
    }

    /** The bytes a response body takes in {@code text} from {@code start} (length-delimited or chunked). */
    private static int bodyLength(String text, String head, int start) {
        final java.util.regex.Matcher cl = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
        if (cl.find()) {
            return Integer.parseInt(cl.group(1));
        }
        if (!head.contains("\r\ntransfer-encoding: chunked")) {
            return text.length() - start;
        }
        int i = start;
        for (;;) {
            final int eol = text.indexOf("\r\n", i);
            final int size = Integer.parseInt(text.substring(i, eol).split(";")[0].trim(), 16);
            i = eol + 2 + size + 2;
            if (size == 0) {
                return i - start;
            }
        }
    }

    private static byte[] readToEnd(Socket s) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] buf = new byte[8192];
        try {
            for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // Reset after the gateway closed with unread input: what was read is the answer.
        }
        return out.toByteArray();
    }

    private static void assertWellFormed(RecordedRequest r, String what) {
        assertThat(r.method()).as(what).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
        assertThat(r.uri()).as(what).startsWith("/").doesNotContain(" ", "\0", "\r", "\n", "\t")
                            .matches("(?i)/(m|upload)\\?c=\\d+&(q=1|x)");
        assertThat(r.headers().getAll("Host")).as(what).hasSize(1);
        assertThat(HOSTS).as(what).contains(r.header("Host").toLowerCase(java.util.Locale.ROOT));
        assertThat(r.header("X-Shop-Id")).as(what).isIn("alpha", "beta");
        assertThat(r.headers().getAll("Content-Length")).as(what).hasSizeLessThanOrEqualTo(1);
        assertThat(r.bodyBytes()).as(what).isIn(0L, 5L);
        r.headers().forEach(e -> {
            assertThat(e.getKey()).as(what).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
            assertThat(e.getValue()).as(what).doesNotContain("\0", "\r", "\n");
        });
    }

    /** The [start, end) of each header line (with its CRLF) in a head. */
    private static List<int[]> headerLines(CharSequence head) {
        final List<int[]> lines = new ArrayList<>();
        final String s = head.toString();
        int start = s.indexOf("\r\n") + 2;
        for (int end; start > 1 && (end = s.indexOf("\r\n", start)) > start; start = end + 2) {
            lines.add(new int[] {start, end + 2});
        }
        if (lines.isEmpty()) {
            lines.add(new int[] {0, 0});
        }
        return lines;
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0").replace("\t", "\\t");
    }
}
