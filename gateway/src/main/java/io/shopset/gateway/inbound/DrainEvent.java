package io.shopset.gateway.inbound;

/**
 * Fired through every client connection when the gateway starts to stop: an idle connection closes
 * at once, a busy one closes after its current response.
 */
public final class DrainEvent {

    public static final DrainEvent INSTANCE = new DrainEvent();

    private DrainEvent() {
    }
}
