/**
 * Edge hardening around the HTTP codec: the PROXY protocol, request-head framing checks the codec
 * does not make (obsolete line folding, header count), client deadlines (request head, body idle,
 * slow readers), body size limits, connection caps and overload shedding.
 *
 * <p>Refusals travel as an {@link io.shopset.gateway.edge.EdgeRefusal} in a message's failed
 * decoder result, so the proxy handler answers them in order, in its one place for local answers.
 */
@NullMarked
package io.shopset.gateway.edge;

import org.jspecify.annotations.NullMarked;
