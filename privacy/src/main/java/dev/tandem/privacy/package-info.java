/**
 * Detection of personal data and secrets: {@link dev.tandem.privacy.PrivacyScanners} builds
 * scanners from the built-in recognizers and custom {@link dev.tandem.privacy.DenyList}s,
 * {@link dev.tandem.privacy.PatternRule}s and {@link dev.tandem.privacy.AllowList}s;
 * {@link dev.tandem.privacy.SensitivityLevels} maps entity types to sensitivity levels.
 */
@NullMarked
package dev.tandem.privacy;

import org.jspecify.annotations.NullMarked;
