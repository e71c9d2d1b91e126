package dev.tandem.local;

import com.github.tjake.jlama.tensor.operations.TensorOperations;
import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-JVM settings of Jlama: how many threads its matrix kernels use, and whether they run on the
 * native library ({@code jlama-native}) or on the JDK's Vector API.
 *
 * <p><b>Threads.</b> Jlama runs every matrix operation on one fork-join pool whose size is fixed the
 * first time a model computes anything ({@code PhysicalCoreExecutor}); it cannot change afterwards. Its
 * own default is {@code max(2, cores / 2)}, which assumes two hardware threads per core. Tandem sets the
 * count deliberately before the first model loads, from the first of:
 *
 * <ol>
 *   <li>{@link #configureThreads(int)}, called before any model is built;
 *   <li>the system property {@value #THREADS_PROPERTY};
 *   <li>the environment variable {@value #THREADS_ENV};
 *   <li>the default: {@code max(1, min(cores, max(2, cores / 2)))}, Jlama's rule clamped to the cores.
 * </ol>
 *
 * Valid values are 1 to the number of available processors.
 *
 * <p><b>Native kernels.</b> With {@code com.github.tjake:jlama-native} (classifier {@code linux-x86_64}
 * and friends) on the class path, Jlama uses its C kernels; without it, or when its shared library does
 * not load on this platform, it falls back to the Vector API, which works everywhere but processes
 * prompts several times slower. The fallback is automatic; {@link #tensorOperations()} says which path
 * was taken, and it is logged at INFO when the first model loads. Set {@value #NATIVE_PROPERTY} to
 * {@code false} (or {@value #NATIVE_ENV}{@code =false}) to force the Vector API path.
 *
 * <p>Thread-safe; all methods may be called at any time.
 */
public final class JlamaRuntime {

    /** System property for the thread count. */
    public static final String THREADS_PROPERTY = "tandem.jlama.threads";
    /** Environment variable for the thread count. */
    public static final String THREADS_ENV = "TANDEM_JLAMA_THREADS";
    /** System property that, set to {@code false}, keeps Jlama off its native kernels. */
    public static final String NATIVE_PROPERTY = "tandem.jlama.native";
    /** Environment variable that, set to {@code false}, keeps Jlama off its native kernels. */
    public static final String NATIVE_ENV = "TANDEM_JLAMA_NATIVE";

    private static final String JLAMA_FORCE_PANAMA = "jlama.force_panama_tensor_operations";
    private static final Logger log = LoggerFactory.getLogger(JlamaRuntime.class);

    private static Integer threads;
    private static boolean reported;

    private JlamaRuntime() {}

    /**
     * Sets Jlama's thread count; call it before the first model is built.
     *
     * @throws IllegalArgumentException if {@code count} is not between 1 and the available processors
     * @throws IllegalStateException if Jlama's pool already runs with a different size
     */
    public static synchronized void configureThreads(int count) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (count < 1 || count > cores) {
            throw new IllegalArgumentException("The Jlama thread count must be between 1 and " + cores
                    + " (the available processors), was " + count);
        }
        if (threads != null) {
            if (threads != count) {
                throw new IllegalStateException("Jlama already runs " + threads + " threads in this JVM, and the count"
                        + " cannot change once set; call configureThreads before the first model is built.");
            }
            return;
        }
        try {
            PhysicalCoreExecutor.overrideThreadCount(count);
        } catch (IllegalStateException e) {
            int actual = PhysicalCoreExecutor.instance.get().getCoreCount();
            threads = actual;
            if (actual != count) {
                throw new IllegalStateException(
                        "Jlama's thread pool was started by other code with " + actual + " threads, and the count"
                                + " cannot change once set; configure it before anything loads a Jlama model.",
                        e);
            }
            return;
        }
        threads = count;
        log.info("Jlama uses {} threads ({} available processors)", count, cores);
    }

    /** The thread count Jlama uses, or will use when the first model loads. */
    public static synchronized int threads() {
        return threads != null ? threads : configuredThreads();
    }

    /**
     * The kernels Jlama runs on, for example {@code "Native SIMD Operations"} or {@code "Panama Vector
     * Operations"}; decided once per JVM, on first use.
     */
    public static String tensorOperations() {
        return operations().name();
    }

    /** Whether Jlama's native kernels are in use (false: the Vector API fallback). */
    public static boolean nativeKernels() {
        return operations().getClass().getSimpleName().startsWith("Native");
    }

    /** Applies the settings before a model loads: thread count and native preference; logs the path once. */
    static synchronized void prepare() {
        if (threads == null) {
            configureThreads(configuredThreads());
        }
        if (!nativeAllowed()) {
            System.setProperty(JLAMA_FORCE_PANAMA, "true");
        }
        if (!reported) {
            reported = true;
            TensorOperations operations = operations();
            if (nativeKernels()) {
                log.info("Jlama runs on its native kernels ({})", operations.name());
            } else {
                log.info(
                        "Jlama runs on the Vector API ({}): jlama-native is {}; prompts process several times slower",
                        operations.name(),
                        nativeAllowed() ? "missing or did not load on this platform" : "switched off");
            }
        }
    }

    private static TensorOperations operations() {
        return TensorOperationsProvider.get();
    }

    private static boolean nativeAllowed() {
        return setting(NATIVE_PROPERTY, NATIVE_ENV)
                .map(value -> !value.equalsIgnoreCase("false"))
                .orElse(true);
    }

    private static int configuredThreads() {
        Optional<String> configured = setting(THREADS_PROPERTY, THREADS_ENV);
        int cores = Runtime.getRuntime().availableProcessors();
        if (configured.isEmpty()) {
            return Math.max(1, Math.min(cores, Math.max(2, cores / 2)));
        }
        try {
            return Integer.parseInt(configured.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The Jlama thread count (" + THREADS_PROPERTY + " / " + THREADS_ENV
                    + ") must be a whole number between 1 and " + cores + ", was '" + configured.get() + "'");
        }
    }

    private static Optional<String> setting(String property, String env) {
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(env)))
                .filter(value -> !value.isBlank());
    }
}
