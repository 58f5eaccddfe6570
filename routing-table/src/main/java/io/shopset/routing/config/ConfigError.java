package io.shopset.routing.config;

/**
 * One problem in a configuration or routing state: where ({@code shops[3].shopsets[1]}) and what.
 */
public record ConfigError(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
