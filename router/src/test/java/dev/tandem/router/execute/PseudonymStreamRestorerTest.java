package dev.tandem.router.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.PrivacyFinding;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.router.assess.MessageText;
import dev.tandem.router.redact.Redaction;
import dev.tandem.router.redact.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PseudonymStreamRestorerTest {

    private static final EntityType PERSON = EntityType.of("PERSON");
    private static final String TEXT = "Ask Jane Roe and mail jane@corp.example";

    @Test
    void restoresAPseudonymAndAPlaceholderSplitAcrossEveryPossibleChunkBoundary() {
        Redaction redaction = redaction();
        String fake = MessageText.of(redaction.request().messages().get(0));
        String pseudonym = fake.substring(4, fake.indexOf(" and mail"));
        String answer = "Sure: " + pseudonym + " gets it, copy <EMAIL_1>.";

        for (int cut = 1; cut < answer.length(); cut++) {
            StreamRestorer restorer = new StreamRestorer(redaction);
            String out =
                    restorer.push(answer.substring(0, cut)) + restorer.push(answer.substring(cut)) + restorer.flush();

            assertThat(out).as("cut at %d", cut).isEqualTo("Sure: Jane Roe gets it, copy jane@corp.example.");
        }
    }

    @Test
    void aPseudonymIsARealisticNameNeverThePlaceholderAndTheSameForTheSameSalt() {
        String first = MessageText.of(redaction().request().messages().get(0));
        String second = MessageText.of(redaction().request().messages().get(0));

        assertThat(first)
                .isEqualTo(second)
                .doesNotContain("Jane Roe", "<PERSON")
                .matches("Ask [A-Z][a-z]+ [A-Z][a-z]+ and mail <EMAIL_1>");
    }

    private static Redaction redaction() {
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from(TEXT)).build();
        List<PrivacyFinding> findings = List.of(
                new PrivacyFinding(0, new EntitySpan(PERSON, 4, 12, 0.9)),
                new PrivacyFinding(0, new EntitySpan(EntityType.EMAIL, 22, 39, 0.9)));
        RedactionPlan plan = RedactionPlan.of(
                Map.of(PERSON, RedactionMethod.PSEUDONYM, EntityType.EMAIL, RedactionMethod.PLACEHOLDER));
        return Redactor.redact(request, findings, plan, "salt".getBytes(StandardCharsets.UTF_8));
    }
}
