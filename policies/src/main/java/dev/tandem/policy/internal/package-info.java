/** The YAML reader behind {@link dev.tandem.policy.PolicyLoader}; not an API. */
@NullMarked
package dev.tandem.policy.internal;

import org.jspecify.annotations.NullMarked;
