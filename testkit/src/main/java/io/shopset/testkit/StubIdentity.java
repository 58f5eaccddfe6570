package io.shopset.testkit;

/**
 * Who a stub claims to be: the ShopSet and the endpoint (pod) name it answers for.
 *
 * @param shopSet the ShopSet name, sent back in {@code X-ShopSet}
 * @param endpointName the endpoint name, sent back in {@code X-Endpoint}
 */
record StubIdentity(String shopSet, String endpointName) {}
