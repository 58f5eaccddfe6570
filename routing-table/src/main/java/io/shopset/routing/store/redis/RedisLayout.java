package io.shopset.routing.store.redis;

/**
 * Where the routing state lives in Redis (prefix {@code shopset:}):
 *
 * <pre>
 * shopset:version     the state's version (an integer; INCR by every change)
 * shopset:epoch       which seeding of this Redis the state descends from (a random id)
 * shopset:meta        JSON: the routing state without its shops (tiers, domains, ShopSets, limits, ...)
 * shopset:shops       hash: shop id → the shop's JSON
 * shopset:audit       list: the most recent change records (JSON), newest first
 * shopset:changes     pub/sub channel: one message per change (the delta, or "resync")
 * </pre>
 *
 * Every change runs {@link #WRITE} (one Lua script: atomic, and announced in version order).
 */
final class RedisLayout {

    static final int AUDIT_CAPACITY = 1000;

    /**
     * KEYS: version, epoch, meta, shops, audit. ARGV: expected version, expected epoch, channel,
     * message, audit record, audit capacity, meta JSON ('' when unchanged), number of deletes,
     * the deleted ids, then id/JSON pairs to set. Returns the new version, -1 when the version is
     * not the expected one, -2 when Redis is empty or was reseeded (another epoch).
     */
    static final String WRITE = """
            local v = redis.call('GET', KEYS[1])
            if not v then return -2 end
            if redis.call('GET', KEYS[2]) ~= ARGV[2] then return -2 end
            if tonumber(v) ~= tonumber(ARGV[1]) then return -1 end
            if ARGV[7] ~= '' then redis.call('SET', KEYS[3], ARGV[7]) end
            local i = 9
            for j = 1, tonumber(ARGV[8]) do
              redis.call('HDEL', KEYS[4], ARGV[i])
              i = i + 1
            end
            while i < #ARGV do
              redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            local nv = redis.call('INCR', KEYS[1])
            redis.call('LPUSH', KEYS[5], ARGV[5])
            redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[6]) - 1)
            redis.call('PUBLISH', ARGV[3], ARGV[4])
            return nv
            """;

    /**
     * KEYS: version, epoch, meta, shops, the staged shops. ARGV: version, epoch, meta JSON,
     * channel, message. Installs a seed unless Redis already has a state: returns 1 when it did, 0
     * when another replica seeded first.
     */
    static final String SEED = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('DEL', KEYS[5])
              return 0
            end
            if redis.call('EXISTS', KEYS[5]) == 1 then
              redis.call('RENAME', KEYS[5], KEYS[4])
            else
              redis.call('DEL', KEYS[4])
            end
            redis.call('SET', KEYS[3], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[2])
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('PUBLISH', ARGV[4], ARGV[5])
            return 1
            """;

    final String version;
    final String epoch;
    final String meta;
    final String shops;
    final String audit;
    final String channel;
    final String seedLock;
    final String seedShops;

    RedisLayout(String prefix) {
        version = prefix + "version";
        epoch = prefix + "epoch";
        meta = prefix + "meta";
        shops = prefix + "shops";
        audit = prefix + "audit";
        channel = prefix + "changes";
        seedLock = prefix + "seed-lock";
        seedShops = prefix + "shops:seed";
    }
}
