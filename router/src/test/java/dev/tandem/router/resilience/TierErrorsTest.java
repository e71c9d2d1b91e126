package dev.tandem.router.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.tandem.core.exception.InvalidRequestException;
import dev.tandem.core.exception.NonRetriableTierException;
import dev.tandem.core.exception.RateLimitedException;
import dev.tandem.core.exception.RetriableTierException;
import dev.tandem.core.exception.TandemException;
import dev.tandem.core.exception.TierException;
import org.junit.jupiter.api.Test;

class TierErrorsTest {

    @Test
    void tandemExceptionsAreLangChain4jExceptions() {
        TandemException failure = new InvalidRequestException("the request has no messages");

        assertThat(failure).isInstanceOf(LangChain4jException.class);
    }

    @Test
    void nonTierTandemExceptionKeepsItsRetriabilityWhenATierThrowsIt() {
        TandemException notRetriable = new InvalidRequestException("bad");
        TandemException retriable = new TandemException("busy") {
            @Override
            public boolean isRetriable() {
                return true;
            }
        };

        TierException fromNotRetriable = TierErrors.translate("inner", notRetriable);
        TierException fromRetriable = TierErrors.translate("inner", retriable);

        assertThat(fromNotRetriable)
                .isInstanceOf(NonRetriableTierException.class)
                .hasCause(notRetriable);
        assertThat(fromRetriable).isInstanceOf(RetriableTierException.class).hasCause(retriable);
        assertThat(TierResilience.isClassified(notRetriable)).isTrue();
    }

    @Test
    void langChain4jBranchesMapToTandemBranchesWithoutTheForeignMessage() {
        TierException rateLimited = TierErrors.translate("remote", new RateLimitException("key sk-123 over quota"));
        TierException retriable = TierErrors.translate("remote", new RetriableException("sk-123"));

        assertThat(rateLimited).isInstanceOf(RateLimitedException.class);
        assertThat(rateLimited.getMessage()).doesNotContain("sk-123").contains("remote");
        assertThat(retriable).isInstanceOf(RetriableTierException.class);
        assertThat(retriable.getMessage()).doesNotContain("sk-123");
    }
}
