package dev.tandem.privacy.recognizers;

import dev.tandem.core.assessment.EntitySpan;
import dev.tandem.core.internal.MatchesAtStarts;
import dev.tandem.privacy.PrivacyEntityTypes;
import dev.tandem.privacy.internal.AhoCorasick;
import dev.tandem.privacy.internal.ScannedText;
import dev.tandem.privacy.internal.ScannedTextRecognizer;
import dev.tandem.privacy.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
final class TopicRecognizer implements ScannedTextRecognizer {

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
    /** The currency signs and codes an amount can start with. */
    private static final String[] LEADING_CURRENCIES = {"$", "€", "£", "USD", "EUR", "GBP", "CHF"};
    /** Every currency sign, code and word of {@link #AMOUNT} (words without their plural "s"). */
    private static final String[] CURRENCIES = {
        "$", "€", "£", "USD", "EUR", "GBP", "CHF", "euro", "dollar", "pound", "Euro"
    };

    private static final String GROUP_SEPARATORS = ".,' ";
    private static final Pattern ACCOUNT_NUMBER =
            Pattern.compile("(?<![\\w.,/-])(?:\\d{6,12}|\\d{2}-\\d{2}-\\d{2})(?![\\w,/-]|[.,]\\d)");

    @Override
    public List<EntitySpan> recognize(ScannedText scanned) {
        List<EntitySpan> found = new ArrayList<>();
        String text = scanned.text();
        String lower = scanned.lower();
        HEALTH.forEachMatch(lower, (start, end, index) -> {
            if (Text.isWholeWord(lower, start, end)) {
                found.add(new EntitySpan(PrivacyEntityTypes.HEALTH, start, end, 0.4));
            }
        });
        if (!scanned.hasDigitRun(1)) {
            return found;
        }
        // Amounts and account numbers hold digits; a currency word or sign stands at most a few
        // characters before or after them, and digit groups are one separator apart. Both are tried only
        // where they can start.
        MatchesAtStarts.forEach(
                AMOUNT,
                text,
                scanned.digitWindows(16, 24),
                amountStarts(scanned),
                amount -> found.add(new EntitySpan(PrivacyEntityTypes.FINANCIAL, amount.start(), amount.end(), 0.15)));
        MatchesAtStarts.forEach(
                ACCOUNT_NUMBER,
                text,
                scanned.digitWindows(8, 8),
                accountStarts(scanned),
                account ->
                        found.add(new EntitySpan(PrivacyEntityTypes.FINANCIAL, account.start(), account.end(), 0.15)));
        return found;
    }

    /**
     * Where an amount can start: at a currency sign or code, or at a number whose digit groups (digits
     * with single {@code . , ' } or spaces between them) are followed by a currency or a "k". The number
     * of an amount always ends where its groups end, as the next character would be a separator before
     * a digit.
     */
    private static BitSet amountStarts(ScannedText scanned) {
        String text = scanned.text();
        BitSet starts = new BitSet(text.length());
        Text.markOccurrences(text, LEADING_CURRENCIES, starts);
        int[] runs = scanned.digitRuns();
        int groupsEnd = -1;
        // Backwards, so that each run knows where the groups it starts end.
        for (int r = runs.length - 2; r >= 0; r -= 2) {
            int end = runs[r + 1];
            boolean joinsNext =
                    r + 2 < runs.length && runs[r + 2] == end + 1 && GROUP_SEPARATORS.indexOf(text.charAt(end)) >= 0;
            if (!joinsNext) {
                groupsEnd = end;
            }
            if (currencyOrThousandsAt(text, groupsEnd)) {
                starts.set(runs[r]);
            }
        }
        return starts;
    }

    /** An optional space, then "k" or one of the currencies. */
    private static boolean currencyOrThousandsAt(String text, int at) {
        int i = at < text.length() && text.charAt(at) == ' ' ? at + 1 : at;
        if (i >= text.length()) {
            return false;
        }
        return text.charAt(i) == 'k' || text.charAt(i) == 'K' || Text.startsWithAny(text, i, CURRENCIES);
    }

    /** Runs of 6 to 12 digits, and two-digit runs that may start a sort code ({@code 12-34-56}). */
    private static BitSet accountStarts(ScannedText scanned) {
        String text = scanned.text();
        BitSet starts = new BitSet(text.length());
        int[] runs = scanned.digitRuns();
        for (int r = 0; r < runs.length; r += 2) {
            int end = runs[r + 1];
            int digits = end - runs[r];
            if ((digits >= 6 && digits <= 12) || (digits == 2 && end < text.length() && text.charAt(end) == '-')) {
                starts.set(runs[r]);
            }
        }
        return starts;
    }

    @Override
    public String toString() {
        return "TopicRecognizer[HEALTH, FINANCIAL]";
    }
}
