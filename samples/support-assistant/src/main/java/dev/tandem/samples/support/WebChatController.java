package dev.tandem.samples.support;

import dev.tandem.cli.web.WebChat;
import dev.tandem.router.TandemRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The privacy-first web chat, the same page and events as {@code tandem chat --web}: {@code GET /chat}
 * the page, {@code GET /api/info} the policy and tiers, {@code POST /api/chat} an answer as server-sent
 * events.
 */
@RestController
class WebChatController {

    private final TandemRouter router;
    private final WebChat webChat;

    WebChatController(TandemRouter router, WebChat webChat) {
        this.router = router;
        this.webChat = webChat;
    }

    @GetMapping(
            value = {"/", "/chat"},
            produces = MediaType.TEXT_HTML_VALUE)
    byte[] page() {
        return WebChat.page();
    }

    @GetMapping(value = "/api/info", produces = MediaType.APPLICATION_JSON_VALUE)
    String info() {
        return WebChat.info(router, List.of());
    }

    @PostMapping(value = "/api/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<StreamingResponseBody> chat(@RequestBody String body) {
        StreamingResponseBody events = out -> webChat.answer(router, body, (event, json) -> {
            try {
                out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-store")
                .body(events);
    }
}
