package dev.tandem.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cap on the memory that loaded local models hold in one process, shared by every {@link LocalModels}
 * given the same budget. A model's memory here is its weights as stored ({@link
 * LocalModelMemory#weightsBytes()}; Jlama maps them, so that is what stays resident): before a model
 * loads, its weights are reserved, and when they do not fit, the least recently used loaded model that
 * no request is using is closed first. A model larger than the whole cap, or a load that would need to
 * close a model in use, fails instead, so that resident model memory never exceeds the cap.
 *
 * <pre>{@code
 * ModelMemoryBudget budget = ModelMemoryBudget.of(2L << 30);          // 2 GiB for all local models
 * LocalModels locals = LocalModels.builder().memoryBudget(budget)
 *         .model("general", general).model("coder", coder).model("polyglot", polyglot)
 *         .build();
 * budget.loadedModels();   // how many are loaded now
 * budget.heldBytes();      // the weights they hold (and loads under way reserve)
 * }</pre>
 *
 * <p>The default of {@link LocalModels} is {@link #unlimited()}. Thread-safe.
 */
public final class ModelMemoryBudget {

    private static final Logger log = LoggerFactory.getLogger(ModelMemoryBudget.class);

    /** A model that holds (or is loading into) memory counted by a budget. */
    interface Resident {
        String name();

        /**
         * Closes the model if no request is using it and nobody is loading it; returns whether it did. Called
         * with the budget's lock held, so it must not wait for the model's own lock.
         */
        boolean evictIfIdle();
    }

    private final long capBytes;
    /** What each resident holds, least recently used first. */
    private final LinkedHashMap<Resident, Long> held = new LinkedHashMap<>(16, 0.75f, true);

    private long heldBytes;
    private final AtomicLong evictions = new AtomicLong();

    private ModelMemoryBudget(long capBytes) {
        this.capBytes = capBytes;
    }

    /** A budget of {@code capBytes} (at least 1) for all models that share it. */
    public static ModelMemoryBudget of(long capBytes) {
        if (capBytes < 1) {
            throw new IllegalArgumentException("a model memory cap must be at least 1 byte, was " + capBytes);
        }
        return new ModelMemoryBudget(capBytes);
    }

    /** No cap: models are never evicted. */
    public static ModelMemoryBudget unlimited() {
        return new ModelMemoryBudget(Long.MAX_VALUE);
    }

    /** The cap in bytes; {@link Long#MAX_VALUE} when unlimited. */
    public long capBytes() {
        return capBytes;
    }

    /** The bytes loaded models hold and loads under way have reserved; never above {@link #capBytes()}. */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    /** How many models hold memory now (loaded, or loading). */
    public synchronized int loadedModels() {
        return held.size();
    }

    /** The names of the models holding memory, least recently used first. */
    public synchronized List<String> residents() {
        List<String> names = new ArrayList<>();
        held.keySet().forEach(resident -> names.add(resident.name()));
        return Collections.unmodifiableList(names);
    }

    /** How many models were closed to make room since the budget was made. */
    public long evictions() {
        return evictions.get();
    }

    /**
     * Reserves {@code bytes} for {@code resident}, closing least recently used idle models to make room.
     *
     * @throws ModelMemoryException when the model is larger than the cap, or the models in use leave no room
     */
    synchronized void reserve(Resident resident, long bytes) {
        if (bytes > capBytes) {
            throw new ModelMemoryException(
                    resident.name(),
                    "Local model '" + resident.name() + "' needs " + LocalModelMemory.human(bytes)
                            + " of weights, more than the whole model memory cap of " + LocalModelMemory.human(capBytes)
                            + "; raise the cap or use a smaller (quantized) model",
                    false);
        }
        Long already = held.remove(resident);
        if (already != null) {
            heldBytes -= already;
        }
        Iterator<Map.Entry<Resident, Long>> oldestFirst = held.entrySet().iterator();
        List<String> busy = new ArrayList<>();
        while (heldBytes + bytes > capBytes && oldestFirst.hasNext()) {
            Map.Entry<Resident, Long> victim = oldestFirst.next();
            if (victim.getKey().evictIfIdle()) {
                oldestFirst.remove();
                heldBytes -= victim.getValue();
                evictions.incrementAndGet();
                log.info(
                        "Closed local model '{}' ({}) to make room for '{}' under the model memory cap of {}",
                        victim.getKey().name(),
                        LocalModelMemory.human(victim.getValue()),
                        resident.name(),
                        LocalModelMemory.human(capBytes));
            } else {
                busy.add(victim.getKey().name());
            }
        }
        if (heldBytes + bytes > capBytes) {
            throw new ModelMemoryException(
                    resident.name(),
                    "Local model '" + resident.name() + "' needs " + LocalModelMemory.human(bytes) + ", and the models"
                            + " in use " + busy + " hold " + LocalModelMemory.human(heldBytes) + " of the cap of "
                            + LocalModelMemory.human(capBytes) + "; try again when they finish",
                    true);
        }
        held.put(resident, bytes);
        heldBytes += bytes;
    }

    /** Marks {@code resident} as just used, so that it is evicted last. */
    synchronized void touch(Resident resident) {
        held.get(resident);
    }

    /** Gives back what {@code resident} holds (it closed, or its load failed). */
    synchronized void release(@Nullable Resident resident) {
        Long bytes = held.remove(resident);
        if (bytes != null) {
            heldBytes -= bytes;
        }
    }

    @Override
    public synchronized String toString() {
        return "ModelMemoryBudget[" + (capBytes == Long.MAX_VALUE ? "unlimited" : LocalModelMemory.human(capBytes))
                + ", holding " + LocalModelMemory.human(heldBytes) + " for " + residents() + "]";
    }
}
