package io.shopset.controller.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.shopset.controller.reconcile.Rollout.ImagePatch;

/**
 * Gives a Deployment a release: one JSON Patch (RFC 6902) that first tests the container's name at
 * its index and its current image, then replaces the image. When the Deployment changed since the
 * cache saw it (the test fails: 422) or is gone (404), nothing is written and the next reconcile
 * decides again from the fresh cache. Kubernetes then rolls the pods (the Deployment's strategy).
 */
public final class DeploymentPatcher {

    private static final Logger logger = LoggerFactory.getLogger(DeploymentPatcher.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KubernetesClient client;

    public DeploymentPatcher(KubernetesClient client) {
        this.client = client;
    }

    /** @return whether the image was changed */
    public boolean patch(ImagePatch p) {
        final String container = "/spec/template/spec/containers/" + p.container();
        final ArrayNode body = MAPPER.createArrayNode();
        op(body, "test", container + "/name", p.containerName());
        op(body, "test", container + "/image", p.from());
        op(body, "replace", container + "/image", p.to());
        try {
            client.apps().deployments().inNamespace(p.namespace()).withName(p.name())
                  .patch(PatchContext.of(PatchType.JSON), body.toString());
            logger.info("deployment {}/{}: image {} -> {}", p.namespace(), p.name(), p.from(), p.to());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409 || e.getCode() == 422) {
                logger.info("deployment {}/{} changed meanwhile ({}): image not patched, deciding again",
                            p.namespace(), p.name(), e.getCode());
                return false;
            }
            throw e;
        }
    }

    private static void op(ArrayNode body, String op, String path, String value) {
        final ObjectNode o = body.addObject();
        o.put("op", op);
        o.put("path", path);
        o.put("value", value);
    }
}
