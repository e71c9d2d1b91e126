/** Tiers: named LangChain4j chat models that run locally or remotely. */
@NullMarked
package dev.tandem.core.tier;

import org.jspecify.annotations.NullMarked;
