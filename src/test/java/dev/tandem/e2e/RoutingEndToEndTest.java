package dev.tandem.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.tandem.core.decision.Reason;
import dev.tandem.core.outcome.Attempt;
import dev.tandem.core.outcome.AttemptStatus;
import dev.tandem.core.tier.Locality;
import dev.tandem.core.tier.Tier;
import dev.tandem.local.JlamaLocalModel;
import dev.tandem.policy.Policy;
import dev.tandem.policy.PolicyLoader;
import dev.tandem.remote.OpenAiCompatibleChatModel;
import dev.tandem.router.TandemResponseMetadata;
import dev.tandem.router.TandemRouter;
import dev.tandem.router.difficulty.HeuristicDifficultyEstimator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router with a real local Jlama model (forged) and a real HTTP remote (WireMock). */
class RoutingEndToEndTest {

    private static final String HARD_PROMPT = "Prove step by step that the sum of the first n odd numbers is n^2,"
            + " then derive the integral of x^2 and analyze the complexity of computing it.";

    private static JlamaLocalModel localModel;

    private OpenAiStub remote;

    @BeforeAll
    static void loadLocalModel() {
        localModel = JlamaLocalModel.builder()
                .modelDirectory(ForgedModel.folder())
                .maxNewTokens(24)
                .build();
    }

    @AfterAll
    static void closeLocalModel() {
        localModel.close();
    }

    @BeforeEach
    void startRemote() {
        remote = new OpenAiStub();
    }

    @AfterEach
    void stopRemote() {
        remote.close();
    }

    @Test
    void servesAnEasyQuestionLocallyWithoutTouchingTheRemote() {
        remote.answers("remote answer");

        ChatResponse response = router(PolicyLoader.preset("privacy-first")).chat(UserMessage.from("What is 2 + 2?"));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.outcome().model())
                .isEqualTo(ForgedModel.folder().getFileName().toString());
        assertThat(routing.outcome().tokens().output()).isBetween(1, 24);
        assertThat(response.aiMessage().text()).isNotBlank();
        assertThat(routing.decision().reasons()).extracting(Reason::rule).containsExactly("default");
        assertThat(remote.receivedBodies()).isEmpty();
    }

    @Test
    void servesAHardQuestionRemotelyAndSaysWhy() {
        remote.answers("The sum telescopes to n^2.");

        ChatResponse response = router(PolicyLoader.preset("privacy-first")).chat(UserMessage.from(HARD_PROMPT));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(response.aiMessage().text()).isEqualTo("The sum telescopes to n^2.");
        assertThat(routing.outcome().locality()).isEqualTo(Locality.REMOTE);
        assertThat(routing.outcome().model()).isEqualTo(OpenAiStub.MODEL);
        assertThat(routing.outcome().tokens().input()).isEqualTo(21);
        // The keyword heuristic has no calibration: the preset's calibrated threshold falls back to hard (0.6).
        assertThat(routing.decision().reasons().get(0).describe())
                .matches("hard-requests-go-remote: difficulty (0\\.[6-9]\\d|1\\.00) >= 0\\.60 \\(calibrated\\)");
        assertThat(remote.receivedBodies()).singleElement().asString().contains("sum of the first n odd numbers");
    }

    @Test
    void sendsAHardExamQuestionRemoteAndKeepsAnEasyOneLocalUnderThePreset() {
        // Held-out MMLU questions (datasets/routing/mmlu-heldout.jsonl, RouteLLM labels, Apache-2.0): the
        // small model (Mixtral-8x7B) missed the first and GPT-4 answered it; both answered the second.
        String hard = "A basketball player scored 18 points in his first game. This is 4 points fewer than he scored"
                + " in his second game. Write and solve an equation to find p the number of points he scored in his"
                + " second game.\nA. 18 = p \u2212 4; 14\nB. 18 = p \u2212 4; 22\nC. 18 \u2212 4 = p; 14\nD. 18 \u2212 p = 4;"
                + " 22\nAnswer:";
        String easy = " Which type of research methods are designed to elicit responses to predetermined, standardized"
                + " questions from many respondents?\nA. Quantitative.\nB. Qualitative.\nC. Non-probability.\nD."
                + " Probability.\nAnswer:";
        remote.answers("B. 18 = p - 4; 22");
        TandemRouter router = builder(PolicyLoader.preset("privacy-first")).build();

        TandemResponseMetadata hardRouting = TandemResponseMetadata.from(router.chat(UserMessage.from(hard)));
        TandemResponseMetadata easyRouting = TandemResponseMetadata.from(router.chat(UserMessage.from(easy)));

        assertThat(hardRouting.outcome().locality())
                .as("%s", hardRouting.decision().reasons())
                .isEqualTo(Locality.REMOTE);
        assertThat(hardRouting.decision().reasons().get(0).describe())
                .matches("hard-requests-go-remote: difficulty 0\\.\\d\\d >= 0\\.33 \\(calibrated\\)");
        assertThat(easyRouting.outcome().tier())
                .as("%s", easyRouting.decision().reasons())
                .isEqualTo("local");
        assertThat(easyRouting.decision().reasons()).extracting(Reason::rule).containsExactly("default");
        assertThat(remote.receivedBodies()).singleElement().asString().contains("basketball player");
    }

    @Test
    void keepsAHardQuestionWithPersonalDataOnTheMachine() {
        remote.answers("remote answer");

        ChatResponse response = router(PolicyLoader.preset("privacy-first"))
                .chat(UserMessage.from(HARD_PROMPT + " Send the proof to jane.doe@example.com or +1 650 253 0000."));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.decision().remoteAllowed()).isFalse();
        assertThat(routing.decision().reasons().get(0).describe())
                .isEqualTo("personal-data-stays-local: sensitivity high >= high (EMAIL x1, PHONE x1)");
        assertThat(remote.receivedBodies()).isEmpty();
    }

    @Test
    void redactsBeforeTheRemoteAndRestoresTheAnswer() {
        remote.answers("I wrote to <EMAIL_1> about card <CREDIT_CARD_1>.");
        Policy allRemote = PolicyLoader.parse("""
                name: all-remote
                tiers:
                  local: {locality: local}
                  remote: {locality: remote}
                rules: []
                default:
                  route: {tier: remote, fallback: [local]}
                """, "all-remote.yaml");

        ChatResponse response = router(allRemote)
                .chat(ChatRequest.builder()
                        .messages(
                                SystemMessage.from("You help jane.doe@example.com."),
                                UserMessage.from("Email jane.doe@example.com about card 4111 1111 1111 1111."))
                        .build());

        String sent = remote.receivedBodies().get(0);
        assertThat(sent)
                .doesNotContain("jane.doe@example.com", "4111 1111 1111 1111")
                .contains("You help <EMAIL_1>.", "Email <EMAIL_1> about card <CREDIT_CARD_1>.");
        assertThat(response.aiMessage().text())
                .isEqualTo("I wrote to jane.doe@example.com about card 4111 1111 1111 1111.");
        assertThat(TandemResponseMetadata.from(response)
                        .outcome()
                        .attempts()
                        .get(0)
                        .redacted())
                .isTrue();
    }

    @Test
    void fallsBackToTheLocalModelWhenTheRemoteFails() {
        remote.fails(503);

        ChatResponse response = router(PolicyLoader.preset("privacy-first")).chat(UserMessage.from(HARD_PROMPT));

        TandemResponseMetadata routing = TandemResponseMetadata.from(response);
        assertThat(routing.outcome().tier()).isEqualTo("local");
        assertThat(routing.outcome().degraded()).isTrue();
        // A 503 may pass: the remote tier is retried (3 attempts by default) before the local fallback.
        assertThat(routing.outcome().attempts())
                .extracting(Attempt::tier, Attempt::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("remote", AttemptStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple("local", AttemptStatus.SUCCEEDED));
        assertThat(routing.outcome().attempts().get(0).failure().orElseThrow().message())
                .contains("503")
                .doesNotContain("boom");
        assertThat(remote.receivedBodies()).hasSize(3);
    }

    private TandemRouter router(Policy policy) {
        return builder(policy)
                // The built-in calibration scores open prompts by length alone (real labels exist only for
                // exam questions); the keyword heuristic makes HARD_PROMPT hard whatever its length.
                .difficultyEstimator(new HeuristicDifficultyEstimator())
                .build();
    }

    /** The router with the built-in difficulty calibration. */
    private TandemRouter.Builder builder(Policy policy) {
        OpenAiCompatibleChatModel remoteModel = OpenAiCompatibleChatModel.builder()
                .baseUrl(remote.baseUrl())
                .apiKey(OpenAiStub.API_KEY)
                .modelName(OpenAiStub.MODEL)
                .build();
        return TandemRouter.builder()
                .policy(policy)
                .tier(Tier.local("local", localModel)
                        .modelName(ForgedModel.folder().getFileName().toString())
                        .build())
                .tier(Tier.remote("remote", remoteModel)
                        .modelName(OpenAiStub.MODEL)
                        .build());
    }
}
