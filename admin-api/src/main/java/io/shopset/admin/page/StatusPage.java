package io.shopset.admin.page;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.shopset.admin.api.AdminRequest;
import io.shopset.admin.api.AdminResponse;
import io.shopset.admin.api.ApiException;
import io.shopset.admin.api.Route;
import io.shopset.admin.api.Router;

/**
 * The status page: {@code GET /} (the page) and {@code GET /status/{file}} (its script, style
 * sheet and icon). Open, like {@code /healthz}: the files hold no data; the page asks for a token
 * and reads the JSON API with it, so what it shows is exactly what the token may read. Read-only:
 * it offers no change (those stay in the API and the CLI).
 *
 * <p>The files are read from the classpath once, when the routes are registered, and served from
 * memory with an {@code ETag} ({@code Cache-Control: no-cache}: the browser revalidates, a
 * matching {@code If-None-Match} gets 304) and headers that keep the page to its own origin: a
 * Content-Security-Policy allowing only {@code 'self'} (no inline script or style, no framing),
 * {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY} and no referrer.
 */
public final class StatusPage {

    /** Scripts, styles, images and API calls from this origin only; no plugins, framing, form posts or base URL. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'none'; "
                                                  + "frame-ancestors 'none'; object-src 'none'";
    private static final String PAGE = "index.html";
    /** The files under {@code /status/}, by name, and their content types. */
    private static final Map<String, String> FILES = Map.of(
            "status.js", "text/javascript; charset=utf-8",
            "status.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    /** One file, in memory. */
    private record Asset(byte[] body, String contentType, String etag) {
    }

    private final Asset page;
    private final Map<String, Asset> files;

    private StatusPage() {
        page = load(PAGE, "text/html; charset=utf-8");
        final Map<String, Asset> m = new LinkedHashMap<>();
        FILES.forEach((name, type) -> m.put(name, load(name, type)));
        files = Map.copyOf(m);
    }

    /** Reads the page's files and adds its routes to {@code router}. */
    public static void register(Router router) {
        final StatusPage p = new StatusPage();
        router.add(new Route("GET", "/", null, req -> serve(p.page, req)));
        router.add(new Route("GET", "/status/{file}", null, req -> {
            final Asset a = p.files.get(req.pathParam("file"));
            if (a == null) {
                throw ApiException.notFound("no such file of the status page: " + req.path());
            }
            return serve(a, req);
        }));
    }

    private static AdminResponse serve(Asset a, AdminRequest req) {
        final boolean fresh = matches(req.header("if-none-match"), a.etag());
        return new AdminResponse(fresh ? 304 : 200, a.contentType(), fresh ? new byte[0] : a.body(), Map.of())
                .withHeader("ETag", a.etag())
                .withHeader("Cache-Control", "no-cache")
                .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer");
    }

    /** Whether {@code ifNoneMatch} (a list of entity tags, weak or strong, or {@code *}) names {@code etag}. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            final String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.startsWith("W/") && t.substring(2).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the status page's " + name + " is missing from the classpath");
            }
            final byte[] body = in.readAllBytes();
            final byte[] sha = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(body, contentType, '"' + HexFormat.of().formatHex(sha, 0, 12) + '"');
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the status page's " + name, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
