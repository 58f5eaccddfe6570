package io.shopset.routing.config;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;

import org.jspecify.annotations.Nullable;

import io.shopset.routing.model.Endpoint;

/**
 * Records every binding problem with its path and lets binding go on, so one run reports them all.
 * A value that cannot be bound becomes {@code null}; validation then works on what was bound.
 */
final class CollectingProblemHandler extends DeserializationProblemHandler {

    private final List<ConfigError> errors = new ArrayList<>();

    List<ConfigError> errors() {
        return errors;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        final StringBuilder known = new StringBuilder();
        if (deserializer != null && deserializer.getKnownPropertyNames() != null) {
            deserializer.getKnownPropertyNames().stream().map(String::valueOf).sorted()
                        .forEach(n -> known.append(known.length() == 0 ? "" : ", ").append(n));
        }
        errors.add(new ConfigError(path(p), "unknown key \"" + propertyName + '"' +
                                            (known.length() > 0 ? " (expected one of: " + known + ')' : "")));
        p.skipChildren();
        return true;
    }

    @Override
    public @Nullable Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType,
                                                   String valueToConvert, String failureMsg) {
        // Durations and endpoints explain themselves; Jackson's own scalar messages do not name the value.
        final String message = targetType == Duration.class || targetType == Endpoint.class ? failureMsg
                : "expected " + describe(targetType) + ", found \"" + valueToConvert + '"';
        errors.add(new ConfigError(path(ctxt.getParser()), message));
        return null;
    }

    @Override
    public @Nullable Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType,
                                                   Number valueToConvert, String failureMsg) {
        errors.add(new ConfigError(path(ctxt.getParser()),
                                   "invalid number " + valueToConvert + " (expected " + describe(targetType) + ')'));
        return null;
    }

    @Override
    public @Nullable Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                                  JsonParser p, String failureMsg) throws IOException {
        final String found = t == null ? "nothing" : switch (t) {
            case START_OBJECT -> "a map";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "\"" + p.getText() + '"';
            case VALUE_NULL -> "null";
            default -> p.getText();
        };
        errors.add(new ConfigError(path(p), "expected " + describe(targetType.getRawClass()) + ", found " + found));
        p.skipChildren();
        return null;
    }

    @Override
    public @Nullable Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass,
                                                       Object argument, Throwable t) {
        errors.add(new ConfigError(path(ctxt.getParser()), String.valueOf(t.getMessage())));
        return null;
    }

    @Override
    public @Nullable Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                                      ValueInstantiator valueInsta, JsonParser p, String msg)
            throws IOException {
        errors.add(new ConfigError(path(p), "expected " + describe(instClass)));
        p.skipChildren();
        return null;
    }

    static String path(@Nullable JsonParser p) {
        if (p == null) {
            return "";
        }
        final List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + ']');
            } else if (c.getCurrentName() != null) {
                parts.add('.' + c.getCurrentName());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append(parts.get(i));
        }
        return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isRecord()) {
            return "a map";
        }
        return "a " + type.getSimpleName();
    }
}
