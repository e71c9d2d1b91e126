/**
 * Detection of personal data and secrets: {@link dev.tandem.router.privacy.PrivacyScanners} builds
 * scanners from the built-in recognizers and custom {@link dev.tandem.router.privacy.DenyList}s,
 * {@link dev.tandem.router.privacy.PatternRule}s and {@link dev.tandem.router.privacy.AllowList}s;
 * {@link dev.tandem.router.privacy.SensitivityLevels} maps entity types to sensitivity levels.
 */
@NullMarked
package dev.tandem.router.privacy;

import org.jspecify.annotations.NullMarked;
