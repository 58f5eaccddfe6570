package io.shopset.routing.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the version poll decides that change messages were lost. */
class CatchUpTest {

    @Test
    void aReplicaThatKeepsUpWithAStreamOfChangesNeverResyncs() {
        final CatchUp c = new CatchUp();
        // Redis moves on between polls; at every poll the newest message is still in flight.
        assertThat(c.lost(10, 11)).isFalse();
        assertThat(c.lost(40, 41)).isFalse();
        assertThat(c.lost(41, 43)).isFalse();
        assertThat(c.lost(43, 44)).isFalse();
        assertThat(c.lost(44, 44)).isFalse();
    }

    @Test
    void aReplicaStillShortOfWhatRedisHadAPollAgoResyncs() {
        final CatchUp c = new CatchUp();
        assertThat(c.lost(10, 12)).isFalse();
        assertThat(c.target()).isEqualTo(12);
        // v11 arrived, v12 never did.
        assertThat(c.lost(11, 12)).isTrue();
        assertThat(c.lost(11, 13)).as("until it resyncs").isTrue();
        c.reset();
        assertThat(c.target()).isEqualTo(-1);
        assertThat(c.lost(13, 13)).isFalse();
    }

    @Test
    void aChangeWrittenWithoutAMessageIsFoundAtTheSecondPoll() {
        final CatchUp c = new CatchUp();
        assertThat(c.lost(5, 5)).isFalse();
        assertThat(c.lost(5, 6)).isFalse();
        assertThat(c.lost(5, 6)).isTrue();
    }
}
