/** The request as Tandem sees it: LangChain4j messages plus what the caller knows about them. */
@NullMarked
package dev.tandem.core.request;

import org.jspecify.annotations.NullMarked;
