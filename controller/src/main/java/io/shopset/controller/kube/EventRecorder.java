package io.shopset.controller.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Records Events ({@code kubectl describe} shows them) on the resources the controller touches.
 * The resources are cluster-scoped, so their Events go to one namespace (Kubernetes uses
 * {@code default} for cluster-scoped objects). An Event that cannot be written is logged and
 * dropped: Events never fail a reconcile.
 */
public final class EventRecorder {

    public static final String COMPONENT = "shopset-controller";

    private static final Logger logger = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String identity;
    private final AtomicLong sequence = new AtomicLong();

    public EventRecorder(KubernetesClient client, String namespace, String identity) {
        this.client = client;
        this.namespace = namespace;
        this.identity = identity;
    }

    public void normal(HasMetadata on, String reason, String message) {
        record(on, "Normal", reason, message);
    }

    public void warning(HasMetadata on, String reason, String message) {
        record(on, "Warning", reason, message);
    }

    private void record(HasMetadata on, String type, String reason, String message) {
        final String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        final String name = on.getMetadata().getName() + '.' +
                            Long.toHexString(System.currentTimeMillis()) + Long.toHexString(sequence.incrementAndGet());
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withName(name.toLowerCase(Locale.ROOT)).withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(on.getApiVersion()).withKind(on.getKind())
                            .withName(on.getMetadata().getName()).withUid(on.getMetadata().getUid())
                            .withResourceVersion(on.getMetadata().getResourceVersion()).build())
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).withHost(identity).endSource()
                    .withReportingComponent(COMPONENT).withReportingInstance(identity)
                    .build()).create();
        } catch (KubernetesClientException e) {
            logger.warn("cannot record event {} on {} {}: {}", reason, on.getKind(), on.getMetadata().getName(),
                        e.getMessage());
        }
    }
}
