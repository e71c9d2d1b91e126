/** Implementation of the difficulty estimators: feature counting, embeddings, the classifier, the solver. */
@NullMarked
package dev.tandem.router.difficulty.internal;

import org.jspecify.annotations.NullMarked;
