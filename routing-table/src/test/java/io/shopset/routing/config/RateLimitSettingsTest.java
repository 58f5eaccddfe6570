package io.shopset.routing.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The {@code rateLimit} section: global shop limits through Redis. */
class RateLimitSettingsTest {

    @Test
    void defaultsFollowTheStore() throws Exception {
        final GatewayConfig file = ConfigLoader.parse(ConfigLoaderTest.MINIMAL);
        assertThat(file.rateLimit()).isEqualTo(new RateLimitSettings(null, Duration.ofMillis(20),
                                                                     Duration.ofMillis(250), 1));
        assertThat(file.rateLimit().redisUri(file.store())).as("file store: limits per replica").isNull();
        final GatewayConfig redis = ConfigLoader.parse("store: redis://10.0.0.5:6379/0\n" + ConfigLoaderTest.MINIMAL);
        assertThat(redis.rateLimit().redisUri(redis.store())).isEqualTo("redis://10.0.0.5:6379/0");
    }

    @Test
    void bindsEveryKeyAndCanBeTurnedOff() throws Exception {
        final GatewayConfig c = ConfigLoader.parse(ConfigLoaderTest.MINIMAL + """
                rateLimit: {redis: "redis://10.0.0.6:6379/1", syncInterval: 50ms, timeout: 1s, fallbackReplicas: 3}
                """);
        assertThat(c.rateLimit()).isEqualTo(new RateLimitSettings("redis://10.0.0.6:6379/1", Duration.ofMillis(50),
                                                                  Duration.ofSeconds(1), 3));
        assertThat(c.rateLimit().redisUri(c.store())).isEqualTo("redis://10.0.0.6:6379/1");
        final GatewayConfig off = ConfigLoader.parse("store: redis://10.0.0.5:6379/0\n" + ConfigLoaderTest.MINIMAL +
                                                     "rateLimit: {redis: \"off\"}\n");
        assertThat(off.rateLimit().redisUri(off.store())).isNull();
    }

    @Test
    void rejectsBadValuesNamingEach() {
        assertThat(ConfigLoaderTest.errorsOf(ConfigLoaderTest.MINIMAL + """
                rateLimit: {redis: "10.0.0.6:6379", syncInterval: 2s, timeout: 0s, fallbackReplicas: 0}
                """)).contains(
                "rateLimit.redis: \"10.0.0.6:6379\" is neither off nor redis://host:port/db",
                "rateLimit.syncInterval: 2s (expected: from 1ms to 1s)",
                "rateLimit.timeout: 0s (expected: > 0)",
                "rateLimit.fallbackReplicas: 0 (expected: >= 1)");
        assertThat(ConfigLoaderTest.errorsOf(ConfigLoaderTest.MINIMAL + "rateLimit: {redisUri: x}\n"))
                .anyMatch(e -> e.startsWith("rateLimit.redisUri"));
    }
}
