package dev.tandem.cli.setup;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables and system properties the CLI reads, captured once so that tests can pass
 * their own instead of the process's.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code TANDEM_LOCAL_MODEL}</td><td>a local model folder; unset: a tiny forged model</td></tr>
 *   <tr><td>{@code OPENAI_BASE_URL}</td><td>the remote endpoint; default {@code https://api.openai.com/v1}
 *       when only a key is set</td></tr>
 *   <tr><td>{@code OPENAI_API_KEY}</td><td>the remote API key</td></tr>
 *   <tr><td>{@code TANDEM_REMOTE_MODEL}</td><td>the remote model; default {@code gpt-4o-mini}</td></tr>
 *   <tr><td>{@code TANDEM_CACHE_DIR}</td><td>where forged and downloaded models live; default
 *       {@code $XDG_CACHE_HOME/tandem}, else {@code ~/.cache/tandem}</td></tr>
 * </table>
 */
public record Environment(Map<String, String> variables, Path home) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** The environment of this process. */
    public static Environment current() {
        Map<String, String> variables = new java.util.HashMap<>(System.getenv());
        // Surefire and embedding apps set the cache through a property rather than the environment.
        String cacheProperty = System.getProperty("tandem.cache.dir");
        if (cacheProperty != null && !variables.containsKey("TANDEM_CACHE_DIR")) {
            variables.put("TANDEM_CACHE_DIR", cacheProperty);
        }
        return new Environment(variables, Path.of(System.getProperty("user.home")));
    }

    /** A variable's value, if it is set and not blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }

    public Path cacheDirectory() {
        return get("TANDEM_CACHE_DIR")
                .map(Path::of)
                .or(() -> get("XDG_CACHE_HOME").map(xdg -> Path.of(xdg, "tandem")))
                .orElse(home.resolve(".cache").resolve("tandem"));
    }
}
