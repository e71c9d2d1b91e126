/**
 * The trained tagger for open-class personal data: {@link dev.tandem.privacy.tagger.PrivacyTagger}
 * finds person names, places, organisations and addresses (with their parts) with an averaged
 * perceptron over hashed sparse features; {@link dev.tandem.privacy.tagger.TaggerTrainer} trains it
 * on the shared corpora ({@link dev.tandem.privacy.tagger.TrainingCorpora}) and synthetic texts
 * ({@link dev.tandem.privacy.tagger.SyntheticTexts}).
 */
@NullMarked
package dev.tandem.privacy.tagger;

import org.jspecify.annotations.NullMarked;
