package io.shopset.routing.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;

import io.shopset.routing.validate.RoutingValidator;

/**
 * Reads the configuration file: binds it, then validates it, and reports every error at once.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * The configuration in {@code file}, valid.
     *
     * @throws ConfigException with every error found, each as {@code path: message}
     */
    public static GatewayConfig load(Path file) throws ConfigException {
        final String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigError("", "no such file: " + file)));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError("", "cannot read " + file + ": " + e.getMessage())));
        }
        return parse(text);
    }

    /** The configuration written in {@code yaml}, valid. */
    public static GatewayConfig parse(String yaml) throws ConfigException {
        final GatewayConfig config = bind(yaml);
        final List<ConfigError> errors = new ArrayList<>(ConfigValidator.validate(config));
        errors.addAll(RoutingValidator.validate(config.routingState()));
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }

    /**
     * Binds {@code yaml} without semantic validation.
     *
     * @throws ConfigException with every binding error (unknown keys, wrong types, bad durations)
     */
    public static GatewayConfig bind(String yaml) throws ConfigException {
        final CollectingProblemHandler handler = new CollectingProblemHandler();
        final ObjectReader reader = Mappers.yaml().readerFor(GatewayConfig.class).withHandler(handler);
        GatewayConfig config;
        try {
            config = yaml.isBlank() ? null : reader.readValue(yaml);
        } catch (JsonProcessingException e) {
            final JsonLocation loc = e.getLocation();
            final String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ')';
            final List<ConfigError> errors = new ArrayList<>(handler.errors());
            errors.add(new ConfigError(e instanceof JsonMappingException m ? path(m.getPath()) : "",
                                       e.getOriginalMessage() + where));
            throw new ConfigException(errors);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError("", e.getMessage())));
        }
        if (config == null) {
            // A top-level scalar or list binds to null too: report why rather than "empty".
            throw new ConfigException(handler.errors().isEmpty()
                    ? List.of(new ConfigError("", "the configuration is empty")) : handler.errors());
        }
        if (!handler.errors().isEmpty()) {
            final List<ConfigError> errors = new ArrayList<>(handler.errors());
            errors.addAll(ConfigValidator.validate(config));
            errors.addAll(RoutingValidator.validate(config.routingState()));
            throw new ConfigException(errors);
        }
        return config;
    }

    /** A Jackson reference path written as the errors write paths: {@code shopsets[0].tier}. */
    private static String path(List<JsonMappingException.Reference> refs) {
        final StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
