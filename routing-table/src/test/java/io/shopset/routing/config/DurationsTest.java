package io.shopset.routing.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({ "250ms, 250", "2s, 2000", "1m, 60000", "1h, 3600000", "0s, 0", " 5s , 5000" })
    void parsesAWholeNumberFollowedByAUnit(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "s", "2", "2x", "1.5s", "-1s", "2 s", "10S", "1d", "1234567890123s" })
    void parsesNothingElse(String text) {
        assertThat(Durations.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "250ms", "1500ms", "2s", "1m", "90s", "1h", "0s" })
    void formatsBackToTheSameText(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
