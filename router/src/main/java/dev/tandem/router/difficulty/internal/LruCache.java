package dev.tandem.router.difficulty.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small bounded least-recently-used cache; thread-safe through one lock, values computed outside it. */
public final class LruCache<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> map;

    public LruCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.capacity;
            }
        };
    }

    /** The cached value, or a new one from {@code compute}; two threads may compute the same key once each. */
    public V get(K key, Function<K, V> compute) {
        if (capacity == 0) {
            return compute.apply(key);
        }
        synchronized (map) {
            V cached = map.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V value = compute.apply(key);
        synchronized (map) {
            map.put(key, value);
        }
        return value;
    }

    public int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
