package io.shopset.gateway.cluster;

/**
 * What the replicas share in Redis for global shop limits and the merged heavy hitters (prefix
 * {@code shopset:ratelimit:}), and the two scripts that touch it. Every time is Redis's own clock
 * ({@code TIME}), so the replicas' clocks need not agree.
 *
 * <pre>
 * shopset:ratelimit:replicas       sorted set: replica id → time (ms) of its last sync (the heartbeat)
 * shopset:ratelimit:demand:{shop}  hash: replica id → "{requests per second} {time ms}", for replicas
 *                                  with recent traffic to the shop; expires when nobody reports it
 * shopset:ratelimit:top:{replica}  the replica's busiest shops, JSON [{"shop","requestsPerSecond"}],
 *                                  with a time to live
 * </pre>
 */
final class ClusterKeys {

    static final String PREFIX = "shopset:ratelimit:";

    /**
     * One sync of one replica. KEYS: the replicas set, then one demand hash per shop. ARGV: replica
     * id, how long a heartbeat counts (ms), the demand hashes' time to live (ms), how long a demand
     * report counts (ms), then one demand per shop (requests per second; 0 withdraws the report).
     * Returns the live replicas, then per shop the fresh demand summed over replicas (a string) and
     * how many replicas that sum holds.
     */
    static final String SYNC = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local id = ARGV[1]
            redis.call('ZADD', KEYS[1], now, id)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            local out = { redis.call('ZCARD', KEYS[1]) }
            local ttl = tonumber(ARGV[3])
            local fresh = now - tonumber(ARGV[4])
            for i = 2, #KEYS do
              local demand = ARGV[i + 3]
              if tonumber(demand) > 0 then
                redis.call('HSET', KEYS[i], id, demand .. ' ' .. now)
                redis.call('PEXPIRE', KEYS[i], ttl)
              else
                redis.call('HDEL', KEYS[i], id)
              end
              local all = redis.call('HGETALL', KEYS[i])
              local sum, n = 0, 0
              for j = 1, #all, 2 do
                local v = all[j + 1]
                local sp = string.find(v, ' ', 1, true)
                if sp == nil or tonumber(string.sub(v, sp + 1)) < fresh then
                  redis.call('HDEL', KEYS[i], all[j])
                else
                  sum = sum + tonumber(string.sub(v, 1, sp - 1))
                  n = n + 1
                end
              end
              out[#out + 1] = string.format('%.3f', sum)
              out[#out + 1] = n
            end
            return out
            """;

    /**
     * One replica's heavy hitters. KEYS: the replicas set, this replica's top key. ARGV: the top key
     * prefix, replica id, the JSON, its time to live (ms), how long a heartbeat counts (ms). Stores
     * the JSON and returns the stored JSON of every live replica (this one's included).
     */
    static final String TOP = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('SET', KEYS[2], ARGV[3], 'PX', tonumber(ARGV[4]))
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[5]), '+inf')
            local out = {}
            for _, rid in ipairs(ids) do
              local v = redis.call('GET', ARGV[1] .. rid)
              if v then out[#out + 1] = v end
            end
            return out
            """;

    final String replicas;
    final String topPrefix;
    private final String demandPrefix;

    ClusterKeys(String prefix) {
        replicas = prefix + "replicas";
        topPrefix = prefix + "top:";
        demandPrefix = prefix + "demand:";
    }

    String demand(String shop) {
        return demandPrefix + shop;
    }

    String top(String replica) {
        return topPrefix + replica;
    }
}
