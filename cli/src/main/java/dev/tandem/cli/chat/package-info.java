/** {@code tandem chat}: the privacy-first chat, interactive or as a JSONL batch. */
@NullMarked
package dev.tandem.cli.chat;

import org.jspecify.annotations.NullMarked;
