package dev.tandem.router.internal;

import dev.tandem.core.assessment.Assessment;
import dev.tandem.core.decision.Decision;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.request.TandemRequest;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each decision at INFO on the logger {@value #LOGGER}, one line per request, with the request
 * id, tenant, target tier, route, rule names and entity types with counts. Never text, values or
 * explanations: a line reads like
 *
 * <pre>
 * request 6f1c… tenant=acme target=local route=local remote_allowed=false rules=[personal-data-stays-local, keep-local] entities={EMAIL=1}
 * </pre>
 */
public final class DecisionLog {

    /** The logger name, so that decisions can be routed or silenced apart from the rest of Tandem. */
    public static final String LOGGER = "dev.tandem.decisions";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private DecisionLog() {}

    public static void log(TandemRequest request, Assessment assessment, Decision decision) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info(
                "request {} tenant={} target={} route={} remote_allowed={} rules={} entities={}",
                request.id(),
                request.caller().tenant().orElse("-"),
                decision.tier(),
                decision.locality().wireName(),
                decision.remoteAllowed(),
                decision.reasons().stream().map(Reason::rule).collect(Collectors.joining(", ", "[", "]")),
                assessment.privacy().countsByType());
    }
}
