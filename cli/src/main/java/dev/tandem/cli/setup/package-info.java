/** Builds a router from the environment: the local model, the remote endpoint and the policy. */
@NullMarked
package dev.tandem.cli.setup;

import org.jspecify.annotations.NullMarked;
