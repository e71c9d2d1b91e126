/** Plumbing shared by several Tandem modules (the privacy detector and the router's difficulty features); not an API. */
@NullMarked
package dev.tandem.core.internal;

import org.jspecify.annotations.NullMarked;
