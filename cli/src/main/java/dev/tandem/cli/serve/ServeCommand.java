package dev.tandem.cli.serve;

import dev.tandem.cli.Console;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.audit.AuditOption;
import dev.tandem.cli.setup.PolicyOption;
import dev.tandem.cli.setup.RouterSetup;
import dev.tandem.core.event.TandemListener;
import dev.tandem.gateway.ApiKeys;
import dev.tandem.gateway.GatewayConfig;
import dev.tandem.gateway.TandemGateway;
import dev.tandem.router.audit.AuditLog;
import dev.tandem.router.metrics.TandemMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tandem serve}: the router as an OpenAI-compatible HTTP gateway ({@link TandemGateway}) until
 * interrupted; Ctrl+C (or SIGTERM) stops taking requests and lets those in flight finish.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the router as an OpenAI-compatible API on http://HOST:PORT/v1 until interrupted:",
            "POST /v1/chat/completions (model \"tandem\" routes by policy, a tier's name pins it),",
            "GET /v1/models, GET /health, GET /metrics (Prometheus)."
        })
public final class ServeCommand implements Runnable {

    @ParentCommand
    private TandemCommand parent;

    @Mixin
    private PolicyOption policy;

    @Mixin
    private AuditOption audit;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}; any other needs --keys.")
    private String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(
            names = "--keys",
            paramLabel = "FILE",
            description = "API keys file: one 'TENANT SHA256-HEX' per line (printf %%s \"$KEY\" | sha256sum)."
                    + " Without it, no key is asked for, on 127.0.0.1 only.")
    private @Nullable Path keys;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "1048576",
            description = "Larger bodies get 413. Default: ${DEFAULT-VALUE}.")
    private int maxBodyBytes;

    @Option(
            names = "--timeout-seconds",
            defaultValue = "120",
            description = "Per request, streams included. Default: ${DEFAULT-VALUE}.")
    private long timeoutSeconds;

    @Option(
            names = "--max-concurrent",
            defaultValue = "64",
            description = "Requests in flight at once. Default: ${DEFAULT-VALUE}.")
    private int maxConcurrent;

    @Option(
            names = "--shutdown-grace-seconds",
            defaultValue = "30",
            description = "How long streams in flight may finish on shutdown. Default: ${DEFAULT-VALUE}.")
    private long graceSeconds;

    @Option(
            names = "--strict",
            description = "Reject unknown request fields with 400 (default: ignore them, as OpenAI does).")
    private boolean strict;

    private static final AutoCloseable NO_AUDIT = () -> {};

    @Override
    public void run() {
        Console console = parent.console();
        GatewayConfig config = GatewayConfig.custom()
                .host(host)
                .port(port)
                .maxBodyBytes(maxBodyBytes)
                .requestTimeout(Duration.ofSeconds(timeoutSeconds))
                .maxConcurrentRequests(maxConcurrent)
                .shutdownGrace(Duration.ofSeconds(graceSeconds))
                .strict(strict)
                .build();
        ApiKeys apiKeys = keys == null ? ApiKeys.none() : ApiKeys.load(keys);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<AuditLog> auditLog = audit.open();
        List<TandemListener> listeners =
                new ArrayList<>(List.of(TandemMetrics.builder(registry).build()));
        auditLog.ifPresent(listeners::add);
        try (AutoCloseable auditResource = auditLog.isPresent() ? auditLog.get() : NO_AUDIT;
                RouterSetup setup = RouterSetup.fromEnvironment(
                        console.environment(), policy.load(), listeners, UnaryOperator.identity())) {
            setup.printNotices(console.err());
            TandemGateway gateway = TandemGateway.builder(setup.router())
                    .config(config)
                    .apiKeys(apiKeys)
                    .meterRegistry(registry)
                    .start();
            Thread shutdown = new Thread(gateway::close, "tandem-gateway-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            console.out()
                    .println("Tandem gateway (policy " + setup.router().policy().name() + ") on " + gateway.baseUrl()
                            + "/v1 - press Ctrl+C to stop.");
            console.out().flush();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                gateway.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdown);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // The hook is running: it closes the gateway itself.
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not release the models", e);
        }
    }
}
