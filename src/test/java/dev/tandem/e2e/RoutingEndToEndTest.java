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
        // The forged local model's small vocabulary and context window (its own tokenizer drives the
        // token tax and the context fit) push a hard prompt's score up to 1.00.
        assertThat(routing.decision().reasons().get(0).describe())
                .matches("hard-requests-go-remote: difficulty (0\\.[6-9]\\d|1\\.00) >= 0\\.60");
        assertThat(remote.receivedBodies()).singleElement().asString().contains("sum of the first n odd numbers");
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
                        .build())
                // The built-in calibration scores open prompts by length alone (real labels exist only for
                // exam questions); the keyword heuristic makes HARD_PROMPT hard whatever its length.
                .difficultyEstimator(new HeuristicDifficultyEstimator())
                .build();
    }
}
