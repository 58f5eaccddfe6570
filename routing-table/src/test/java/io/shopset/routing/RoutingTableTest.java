package io.shopset.routing;

import static io.shopset.routing.Fixtures.shop;
import static io.shopset.routing.Fixtures.shopSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shopset.routing.build.SnapshotBuilder;
import io.shopset.routing.config.ConfigException;
import io.shopset.routing.model.RoutingState;

class RoutingTableTest {

    private static RoutingState valid(String... shops) {
        final Fixtures.State s = Fixtures.state().shopsets(shopSet("a", "dc-a"), shopSet("b", "dc-b"));
        for (String id : shops) {
            s.shops(shop(id));
        }
        return s.build();
    }

    private static RoutingState invalid() {
        return Fixtures.state().shopsets(shopSet("a", "dc-a"))
                .shops(Fixtures.placedShop("s", List.of("prod-z"))).build();
    }

    @Test
    void hasNoSnapshotBeforeTheFirstUpdate() {
        final RoutingTable table = new RoutingTable();

        assertThat(table.current()).isNull();
        assertThat(table.isLoaded()).isFalse();
    }

    @Test
    void incrementsTheVersionWithEveryUpdate() throws Exception {
        final RoutingTable table = new RoutingTable();

        assertThat(table.update(valid("s1")).version()).isEqualTo(1);
        assertThat(table.update(valid("s1", "s2")).version()).isEqualTo(2);
        final RoutingSnapshot third = table.update(valid("s1"));

        assertThat(third.version()).isEqualTo(3);
        assertThat(table.current()).isSameAs(third);
        assertThat(table.isLoaded()).isTrue();
        assertThat(table.current().resolve("s2.shops.test")).isNull();
    }

    @Test
    void rejectsAnInvalidStateAndKeepsTheCurrentSnapshot() throws Exception {
        final RoutingTable table = new RoutingTable();
        final RoutingSnapshot good = table.update(valid("s1"));
        final List<RoutingSnapshot> seen = new ArrayList<>();
        table.addListener(seen::add);
        seen.clear();

        assertThatThrownBy(() -> table.update(invalid()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shops[0].shopsets[0]: unknown ShopSet \"prod-z\"");
        assertThat(table.current()).isSameAs(good);
        assertThat(seen).isEmpty();
        assertThat(table.update(valid("s1")).version()).as("the failed update used no version").isEqualTo(2);
    }

    @Test
    void rejectsAnInvalidFirstStateAndStaysUnloaded() {
        final RoutingTable table = new RoutingTable();

        assertThatThrownBy(() -> table.update(invalid())).isInstanceOf(ConfigException.class);
        assertThat(table.isLoaded()).isFalse();
    }

    @Test
    void ignoresAPublishOfAnOlderOrEqualVersion() throws Exception {
        final RoutingTable table = new RoutingTable();
        final RoutingSnapshot v5 = SnapshotBuilder.build(valid("s1"), 5);
        assertThat(table.publish(v5)).isTrue();
        final List<RoutingSnapshot> seen = new ArrayList<>();
        table.addListener(seen::add);
        seen.clear();

        assertThat(table.publish(SnapshotBuilder.build(valid("s2"), 4))).isFalse();
        assertThat(table.publish(SnapshotBuilder.build(valid("s2"), 5))).isFalse();

        assertThat(table.current()).isSameAs(v5);
        assertThat(seen).isEmpty();
        assertThat(table.update(valid("s2")).version()).isEqualTo(6);
    }

    @Test
    void tellsListenersTheCurrentSnapshotAndEveryLaterOne() throws Exception {
        final RoutingTable table = new RoutingTable();
        final List<Long> early = new ArrayList<>();
        table.addListener(s -> early.add(s.version()));
        final RoutingSnapshot v1 = table.update(valid("s1"));
        final List<Long> late = new ArrayList<>();
        table.addListener(s -> late.add(s.version()));
        table.update(valid("s1", "s2"));
        table.publish(v1);

        assertThat(early).containsExactly(1L, 2L);
        assertThat(late).containsExactly(1L, 2L);
    }

    @Test
    void keepsPublishingWhenAListenerThrows() throws Exception {
        final RoutingTable table = new RoutingTable();
        final List<Long> seen = new ArrayList<>();
        table.addListener(s -> {
            throw new IllegalStateException("broken listener");
        });
        table.addListener(s -> seen.add(s.version()));

        final RoutingSnapshot v1 = table.update(valid("s1"));

        assertThat(table.current()).isSameAs(v1);
        assertThat(seen).containsExactly(1L);
    }
}
