/**
 * Forges tiny model folders with seeded random weights, so the local tier runs real Jlama inference
 * without downloading anything: {@link dev.tandem.local.forge.ModelForge#forge} with a {@link
 * dev.tandem.local.forge.ModelShape}.
 */
@NullMarked
package dev.tandem.local.forge;

import org.jspecify.annotations.NullMarked;
