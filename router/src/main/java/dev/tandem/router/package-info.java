/** The router: a LangChain4j {@link dev.langchain4j.model.chat.ChatModel} that assesses each request, decides a tier by policy, executes it with fallbacks and answers with the routing attached. Start at {@link dev.tandem.router.TandemRouter}. */
@NullMarked
package dev.tandem.router;

import org.jspecify.annotations.NullMarked;
