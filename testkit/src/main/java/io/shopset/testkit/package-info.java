/**
 * Test support shared by the gateway tests, the demo and the load tests.
 *
 * <ul>
 *   <li>{@link io.shopset.testkit.StubShopSet} - a real Netty HTTP/1.1 server standing in for one
 *       endpoint (pod) of a ShopSet; its {@link io.shopset.testkit.StubShopSet#builder builder} adds
 *       storefront behaviour ({@link io.shopset.testkit.Latency}, {@link io.shopset.testkit.ColdCache})
 *       and pods can be killed and restarted.</li>
 *   <li>{@link io.shopset.testkit.LeakGuard} - a JUnit 5 extension (auto-detected) that fails a test
 *       class when Netty reports a resource leak.</li>
 * </ul>
 */
@org.jspecify.annotations.NullMarked
package io.shopset.testkit;
