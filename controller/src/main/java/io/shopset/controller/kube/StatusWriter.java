package io.shopset.controller.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes a resource's whole status with one patch on its {@code /status} subresource, only when it
 * differs from the status the resource has.
 *
 * <p>Which patch: a JSON Patch (RFC 6902) {@code [{"op":"add","path":"/status","value":...}]},
 * which replaces the status whole, lists included, and needs neither a field manager nor the
 * resource's {@code resourceVersion} (the controller is the status's only writer). Not server-side
 * apply: the mock API server of the tests answers it 415. Not a JSON merge patch: RFC 7386 replaces
 * lists, but the mock server merges them (conditions would pile up), and a status patch must mean
 * the same in the tests as in a cluster.
 */
public final class StatusWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KubernetesClient client;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Whether {@code next} differs from {@code current} (compared as JSON). */
    public static boolean differs(@Nullable Object current, Object next) {
        return current == null || !MAPPER.valueToTree(current).equals(MAPPER.valueToTree(next));
    }

    /**
     * Patches the status of {@code resource} to {@code next} when it differs.
     *
     * @return whether a patch was sent
     */
    public <S, R extends CustomResource<?, S>> boolean write(Class<R> type, R resource, S next) {
        if (!differs(resource.getStatus(), next)) {
            return false;
        }
        final ArrayNode body = MAPPER.createArrayNode();
        final ObjectNode op = body.addObject();
        op.put("op", "add");
        op.put("path", "/status");
        op.set("value", MAPPER.valueToTree(next));
        client.resources(type).withName(resource.getMetadata().getName()).subresource("status")
              .patch(PatchContext.of(PatchType.JSON), body.toString());
        return true;
    }
}
