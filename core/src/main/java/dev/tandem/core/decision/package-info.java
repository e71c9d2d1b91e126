/** What the decide stage chose: the target tier, the fallbacks, the ordered reasons and the redaction plan. */
@NullMarked
package dev.tandem.core.decision;

import org.jspecify.annotations.NullMarked;
