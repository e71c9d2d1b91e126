package dev.tandem.router.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.router.privacy.PrivacyEntityTypes;
import dev.tandem.router.privacy.Recognizer;
import dev.tandem.router.privacy.internal.AhoCorasick;
import dev.tandem.router.privacy.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Topic detectors for health and financial data about a person.
 *
 * <p>Health: a curated dictionary of conditions, medications and procedures in English, German,
 * French and Spanish, matched as whole words with Aho-Corasick, at 0.4: a term alone ("what is
 * diabetes?") is general knowledge; a personal or clinical context word ("my", "diagnosed",
 * "verschrieben", "médecin") makes it health data.
 *
 * <p>Financial: money amounts and account-like numbers (6 to 12 digits) at 0.15, which only a
 * context word such as salary, balance, Gehalt, Kontostand, salaire, solde, sueldo or saldo makes
 * reportable.
 */
final class TopicRecognizer implements Recognizer {

    static final List<String> HEALTH_TERMS = Arrays.asList("""
            diabetes|type 1 diabetes|type 2 diabetes|asthma|hiv|hiv-positive|aids|cancer|breast cancer|
            prostate cancer|lung cancer|leukemia|leukaemia|lymphoma|tumor|tumour|melanoma|depression|
            major depressive disorder|anxiety disorder|panic disorder|bipolar disorder|schizophrenia|ptsd|
            adhd|autism|epilepsy|hypertension|high blood pressure|multiple sclerosis|parkinson's|
            parkinson's disease|alzheimer's|dementia|hepatitis|hepatitis c|tuberculosis|crohn's disease|
            celiac disease|coeliac disease|arthritis|rheumatoid arthritis|lupus|psoriasis|migraine|
            heart attack|stroke|heart failure|kidney failure|chronic kidney disease|copd|anorexia|bulimia|
            eating disorder|alcoholism|addiction|opioid addiction|obesity|infertility|endometriosis|
            pregnancy|pregnant|miscarriage|chlamydia|syphilis|herpes|gonorrhea|
            insulin|metformin|sertraline|fluoxetine|prozac|zoloft|lexapro|escitalopram|citalopram|
            venlafaxine|bupropion|lithium|quetiapine|olanzapine|risperidone|aripiprazole|methylphenidate|
            ritalin|adderall|lorazepam|diazepam|xanax|alprazolam|methotrexate|tamoxifen|levothyroxine|
            warfarin|atorvastatin|lisinopril|amlodipine|prednisone|truvada|antiretroviral|
            antiretrovirals|antidepressant|antidepressants|chemotherapy|radiotherapy|radiation therapy|
            dialysis|biopsy|mastectomy|colonoscopy|appendectomy|bypass surgery|ivf|abortion|
            insulintherapie|zuckerkrankheit|asthma bronchiale|krebs|brustkrebs|leukämie|depressionen|
            angststörung|bipolare störung|schizophrenie|epilepsie|bluthochdruck|herzinfarkt|schlaganfall|
            demenz|schwangerschaft|schwanger|fehlgeburt|magersucht|essstörung|antidepressiva|
            chemotherapie|strahlentherapie|dialyse|biopsie|darmspiegelung|abtreibung|
            diabète|asthme|cancer du sein|leucémie|dépression|trouble anxieux|trouble bipolaire|
            schizophrénie|épilepsie|hypertension artérielle|sclérose en plaques|crise cardiaque|
            infarctus|avc|grossesse|enceinte|fausse couche|anorexie|antidépresseurs|antidépresseur|
            chimiothérapie|radiothérapie|dialyse|avortement|séropositif|séropositive|
            asma|cáncer|cáncer de mama|leucemia|depresión|trastorno de ansiedad|trastorno bipolar|
            esquizofrenia|epilepsia|hipertensión|esclerosis múltiple|infarto|ictus|embarazo|embarazada|
            aborto|anorexia nerviosa|antidepresivos|quimioterapia|radioterapia|diálisis|biopsia|
            vih|seropositivo|seropositiva|insulina|insuline|sertralin|sertralina|metformina|fluoxetin|fluoxetina|
            litio
            """.replace("\n", "").split("\\|"));

    private static final AhoCorasick HEALTH = AhoCorasick.of(HEALTH_TERMS.stream()
            .map(String::strip)
            .filter(term -> !term.isEmpty())
            .toList());

    private static final String AMOUNT_NUMBER = "\\d{1,3}(?:[.,' ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?";
    private static final Pattern AMOUNT = Pattern.compile("(?<![\\w.,])(?:"
            + "(?:[$€£]|USD|EUR|GBP|CHF) ?(?:" + AMOUNT_NUMBER + ")(?: ?[kKmM]\\b)?"
            + "|(?:" + AMOUNT_NUMBER + ") ?(?:[kK] ?)?(?:[$€£]|USD|EUR|GBP|CHF|euros?|dollars?|pounds?|Euro)(?![\\w])"
            + "|(?:" + AMOUNT_NUMBER + ") ?[kK]\\b)");
    private static final Pattern ACCOUNT_NUMBER =
            Pattern.compile("(?<![\\w.,/-])(?:\\d{6,12}|\\d{2}-\\d{2}-\\d{2})(?![\\w,/-]|[.,]\\d)");

    @Override
    public List<EntitySpan> recognize(String text) {
        List<EntitySpan> found = new ArrayList<>();
        String lower = Text.lower(text);
        HEALTH.forEachMatch(lower, (start, end, index) -> {
            if (Text.isWholeWord(lower, start, end)) {
                found.add(new EntitySpan(PrivacyEntityTypes.HEALTH, start, end, 0.4));
            }
        });
        if (!Text.hasDigitRun(text, 1)) {
            return found;
        }
        // Amounts and account numbers hold digits; a currency word or sign stands at most a few
        // characters before or after them, and digit groups are one separator apart.
        Text.findInWindows(
                AMOUNT,
                text,
                Text.digitWindows(text, 16, 24),
                amount -> found.add(new EntitySpan(PrivacyEntityTypes.FINANCIAL, amount.start(), amount.end(), 0.15)));
        Text.findInWindows(
                ACCOUNT_NUMBER,
                text,
                Text.digitWindows(text, 8, 8),
                account ->
                        found.add(new EntitySpan(PrivacyEntityTypes.FINANCIAL, account.start(), account.end(), 0.15)));
        return found;
    }

    @Override
    public String toString() {
        return "TopicRecognizer[HEALTH, FINANCIAL]";
    }
}
