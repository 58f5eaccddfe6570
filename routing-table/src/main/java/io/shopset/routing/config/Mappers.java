package io.shopset.routing.config;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

import io.shopset.routing.model.Endpoint;

/**
 * The Jackson mappers for the configuration file (YAML) and the JSON the stores and the admin API
 * exchange: unknown keys fail, durations are written {@code 2s}, endpoints {@code host:port}.
 */
public final class Mappers {

    private static final ObjectMapper YAML = reportScalarMismatches(configure(YAMLMapper.builder(
            YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                       .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()).build()));
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    private Mappers() {
    }

    /** The YAML mapper of the configuration file. Thread-safe. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** The JSON mapper of the stores and the admin API. Thread-safe. */
    public static ObjectMapper json() {
        return JSON;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        final SimpleModule module = new SimpleModule("shopset");
        module.addDeserializer(Duration.class, new DurationDeserializer());
        module.addSerializer(Duration.class, new DurationSerializer());
        module.addDeserializer(Endpoint.class, new EndpointDeserializer());
        return mapper.registerModule(new ParameterNamesModule())
                     .registerModule(module)
                     .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                     .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                     .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                     .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                     .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * A string where a number or a boolean belongs ({@code replicas: two}) goes to the problem
     * handler, which records it with its path and lets binding go on, instead of aborting binding
     * with no path and hiding every later error. A string that reads as one ({@code "2"}) is taken.
     */
    private static ObjectMapper reportScalarMismatches(ObjectMapper mapper) {
        for (LogicalType t : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        }
        return mapper;
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p.currentToken(), p,
                        "expected a duration such as 250ms, 2s or 1m");
            }
            final String text = p.getText();
            final Duration d = Durations.parse(text);
            if (d == null) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text,
                        "invalid duration \"%s\" (expected a whole number followed by ms, s, m or h)", text);
            }
            return d;
        }
    }

    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }

    private static final class EndpointDeserializer extends JsonDeserializer<Endpoint> {
        @Override
        public Endpoint deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Endpoint) ctxt.handleUnexpectedToken(Endpoint.class, p.currentToken(), p,
                        "expected an endpoint written host:port");
            }
            final String text = p.getText();
            try {
                return Endpoint.parse(text);
            } catch (IllegalArgumentException e) {
                return (Endpoint) ctxt.handleWeirdStringValue(Endpoint.class, text, "invalid endpoint %s",
                                                              e.getMessage());
            }
        }
    }
}
