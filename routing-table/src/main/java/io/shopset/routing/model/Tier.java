package io.shopset.routing.model;

/**
 * An ordered release level (dev 0 &lt; beta 10 &lt; beta-prod 20 &lt; prod 30). A release reaches a tier
 * only after every lower tier has it.
 */
public record Tier(String name, int level) {
}
