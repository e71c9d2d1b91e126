/** Difficulty estimators: how hard a request is for the local model. */
@NullMarked
package dev.tandem.router.difficulty;

import org.jspecify.annotations.NullMarked;
