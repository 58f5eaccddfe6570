package io.shopset.gateway.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shopset.routing.config.RetrySettings;

class RetryBudgetTest {

    @Test
    void allowsTheFloorWhenFewRequestsAreInFlight() {
        final RetryBudget budget = new RetryBudget(new RetrySettings(20, 3), new AtomicLong(1));
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
        budget.release();
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void allowsAShareOfTheRequestsInFlight() {
        final AtomicLong active = new AtomicLong(100);
        final RetryBudget budget = new RetryBudget(new RetrySettings(20, 3), active);
        int granted = 0;
        while (budget.tryAcquire()) {
            granted++;
        }
        assertThat(granted).isEqualTo(20);
        active.set(200);
        assertThat(budget.tryAcquire()).isTrue();
    }
}
