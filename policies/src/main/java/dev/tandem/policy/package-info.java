/**
 * Routing policies: the immutable configuration the decide stage follows, and the YAML loader that
 * builds it. Load a file with {@link dev.tandem.policy.PolicyLoader#load(java.nio.file.Path)}, or build
 * one in Java with {@link dev.tandem.policy.Policy#builder(String)}; both paths run the same validation.
 */
@NullMarked
package dev.tandem.policy;

import org.jspecify.annotations.NullMarked;
