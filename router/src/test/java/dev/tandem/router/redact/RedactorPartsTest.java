package dev.tandem.router.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.assessment.EntityType;
import dev.tandem.core.assessment.PrivacyFinding;
import dev.tandem.core.decision.RedactionMethod;
import dev.tandem.core.decision.RedactionPlan;
import dev.tandem.privacy.PrivacyScanners;
import dev.tandem.router.assess.RequestParts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorPartsTest {

    private static final EntityType PERSON = EntityType.of("PERSON");
    private static final byte[] SALT = "salt".getBytes(StandardCharsets.UTF_8);

    @Test
    void toolCallsKeepTheirIdsAndNamesWithRedactedArgumentsAndToolResultsStayPaired() {
        ChatRequest request = ChatRequest.builder()
                .messages(
                        UserMessage.from("Pay the invoice"),
                        AiMessage.from(ToolExecutionRequest.builder()
                                .id("call_1")
                                .name("send_payment")
                                .arguments("{\"to\":\"jane.doe@example.com\",\"iban\":\"DE89370400440532013000\"}")
                                .build()),
                        ToolExecutionResultMessage.from(
                                "call_1", "send_payment", "receipt sent to jane.doe@example.com"),
                        CustomMessage.from(Map.of("note", "cc jane.doe@example.com", "count", 2)))
                .build();

        Redaction redaction = Redactor.redact(request, scanEverything(request), placeholders(), SALT);

        List<ChatMessage> sent = redaction.request().messages();
        AiMessage call = (AiMessage) sent.get(1);
        assertThat(call.toolExecutionRequests()).singleElement().satisfies(tool -> {
            assertThat(tool.id()).isEqualTo("call_1");
            assertThat(tool.name()).isEqualTo("send_payment");
            assertThat(tool.arguments()).isEqualTo("{\"to\":\"<EMAIL_1>\",\"iban\":\"<IBAN_1>\"}");
        });
        ToolExecutionResultMessage result = (ToolExecutionResultMessage) sent.get(2);
        assertThat(result.id()).isEqualTo("call_1");
        assertThat(result.text()).isEqualTo("receipt sent to <EMAIL_1>");
        assertThat(((CustomMessage) sent.get(3)).attributes())
                .containsEntry("note", "cc <EMAIL_1>")
                .containsEntry("count", 2);
    }

    @Test
    void placeholdersInToolArgumentsAreRestoredBeforeTheAppSeesThem() {
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("Email jane.doe@example.com the report"))
                .build();
        Redaction redaction = Redactor.redact(request, scanEverything(request), placeholders(), SALT);

        AiMessage restored = redaction.restore(AiMessage.builder()
                .text("Sending to <EMAIL_1>")
                .toolExecutionRequests(List.of(ToolExecutionRequest.builder()
                        .id("c9")
                        .name("send_mail")
                        .arguments("{\"to\":\"< email_1 >\"}")
                        .build()))
                .build());

        assertThat(restored.text()).isEqualTo("Sending to jane.doe@example.com");
        assertThat(restored.toolExecutionRequests().get(0).arguments()).isEqualTo("{\"to\":\"jane.doe@example.com\"}");
        assertThat(restored.toolExecutionRequests().get(0).id()).isEqualTo("c9");
    }

    @Test
    void onlyTokensIssuedForThisRequestAreRestoredInAnyCaseOrSpacing() {
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("Literal <email_1> here; real one jane.doe@example.com"))
                .build();
        Redaction redaction = Redactor.redact(request, scanEverything(request), placeholders(), SALT);

        assertThat(redaction.request().messages().get(0))
                .isEqualTo(UserMessage.from("Literal <email_1> here; real one <EMAIL_2>"));
        assertThat(redaction.restore("<EMAIL_1>, <Email_2>, < EMAIL-2 >, <EMAIL_3>"))
                .isEqualTo("<EMAIL_1>, jane.doe@example.com, jane.doe@example.com, <EMAIL_3>");
    }

    @Test
    void aShortOriginalIsNeverReplacedInsideAnotherWord() {
        String text = "Ask Al today";
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from(text)).build();
        Redaction redaction = Redactor.redact(
                request, List.of(new PrivacyFinding(0, new EntitySpan(PERSON, 4, 6, 0.9))), placeholders(), SALT);

        String partial = redaction.redactText("Also AL and al-Amin, not Alan or Halal: Al.", List.of());

        assertThat(partial).isEqualTo("Also <PERSON_1> and <PERSON_1>-Amin, not Alan or Halal: <PERSON_1>.");
    }

    @Test
    void reformattedCopiesOfRedactedValuesAreCaughtInLaterText() {
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("Card 4539 1488 0343 6467 of jane.doe@example.com"))
                .build();
        Redaction redaction = Redactor.redact(request, scanEverything(request), placeholders(), SALT);

        String later = "4539-1488-0343-6467 belongs to Jane.Doe@Example.com (4539148803436467)";

        assertThat(redaction.leaksAnyOriginal(later)).isTrue();
        assertThat(redaction.redactText(later, List.of()))
                .isEqualTo("<CREDIT_CARD_1> belongs to <EMAIL_1> (<CREDIT_CARD_1>)");
        assertThat(redaction.leaksInto(redaction.request())).isFalse();
    }

    @Test
    void aPseudonymInsideALongerWordIsNotRestoredButItsReformattedCopiesAre() {
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from("Ask Jane Roe")).build();
        RedactionPlan plan = RedactionPlan.of(Map.of(PERSON, RedactionMethod.PSEUDONYM));
        Redaction redaction = Redactor.redact(
                request, List.of(new PrivacyFinding(0, new EntitySpan(PERSON, 4, 12, 0.9))), plan, SALT);
        String fake = ((UserMessage) redaction.request().messages().get(0))
                .singleText()
                .substring(4);

        String answer = fake.toUpperCase(java.util.Locale.ROOT) + " and " + fake + "son";

        assertThat(redaction.restore(answer)).isEqualTo("Jane Roe and " + fake + "son");
    }

    @Test
    void overlappingAndOutOfRangeSpansFromACustomScannerAreMergedAndClipped() {
        String text = "Contact Jane Q. Public";
        ChatRequest request =
                ChatRequest.builder().messages(UserMessage.from(text)).build();
        List<PrivacyFinding> findings = List.of(
                new PrivacyFinding(0, new EntitySpan(PERSON, 8, 15, 0.9)),
                new PrivacyFinding(0, new EntitySpan(PERSON, 8, 12, 0.9)),
                new PrivacyFinding(0, new EntitySpan(PERSON, 13, 99, 0.5)),
                new PrivacyFinding(0, new EntitySpan(PERSON, 200, 210, 0.5)));

        Redaction redaction = Redactor.redact(request, findings, placeholders(), SALT);

        assertThat(redaction.request().messages().get(0)).isEqualTo(UserMessage.from("Contact <PERSON_1>"));
        assertThat(redaction.restore("Hi <PERSON_1>")).isEqualTo("Hi Jane Q. Public");
    }

    /** Findings as the assess stage makes them: the default scanner over every section's scan text. */
    private static List<PrivacyFinding> scanEverything(ChatRequest request) {
        List<PrivacyFinding> findings = new ArrayList<>();
        for (int section = 0; section < RequestParts.sectionCount(request); section++) {
            for (EntitySpan span : PrivacyScanners.defaults().scan(RequestParts.scanText(request, section))) {
                findings.add(new PrivacyFinding(section, span));
            }
        }
        return findings;
    }

    private static RedactionPlan placeholders() {
        return RedactionPlan.of(Map.of(
                EntityType.EMAIL,
                RedactionMethod.PLACEHOLDER,
                EntityType.of("IBAN"),
                RedactionMethod.PLACEHOLDER,
                EntityType.of("CREDIT_CARD"),
                RedactionMethod.PLACEHOLDER,
                PERSON,
                RedactionMethod.PLACEHOLDER));
    }
}
