package io.shopset.app;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.config.Mappers;

/**
 * The admin API over HTTP for {@code shopset admin}: a bearer token, JSON in and out, the
 * contract's error shape turned into {@link Failure}.
 */
final class AdminClient {

    /** A request the API refused (status ≥ 400) or could not be sent. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        final int status;
        final @Nullable String field;

        Failure(int status, String message, @Nullable String field) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }

    /** A response body and its content type. */
    record Reply(int status, String body, String contentType) {
        JsonNode json() throws Failure {
            try {
                return Mappers.json().readTree(body);
            } catch (IOException e) {
                throw new Failure(status, "the server's answer is not JSON: " + e.getMessage(), null);
            }
        }
    }

    private final URI base;
    private final @Nullable String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(URI base, @Nullable String token) {
        this.base = base;
        this.token = token;
    }

    Reply get(String path) throws Failure {
        return send("GET", path, null, null);
    }

    Reply post(String path, @Nullable String json) throws Failure {
        return send("POST", path, json, "application/json");
    }

    Reply postYaml(String path, String yaml) throws Failure {
        return send("POST", path, yaml, "application/yaml");
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Reply send(String method, String path, @Nullable String body, @Nullable String contentType)
            throws Failure {
        final HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        final HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(0, "cannot reach the admin API at " + base + ": " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted", null);
        }
        final Reply reply = new Reply(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
        if (r.statusCode() >= 400) {
            String message = r.body();
            String field = null;
            try {
                final JsonNode j = Mappers.json().readTree(r.body());
                message = j.path("error").asText(message);
                field = j.hasNonNull("field") ? j.get("field").asText() : null;
            } catch (IOException e) {
                // not the error shape; keep the body
            }
            throw new Failure(r.statusCode(), message, field);
        }
        return reply;
    }
}
