package dev.tandem.router.difficulty.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the team's synthetic routing dev set ({@code datasets/routing/dev.jsonl}) and its held-out test
 * set ({@code datasets/routing/test.jsonl}). Deterministic: seeded {@link Random}, no clock, no maps
 * iterated by hash.
 *
 * <p><b>The labels are synthetic.</b> No model was run. Each prompt gets a hidden difficulty {@code d}:
 * a base per task type, plus terms for what the prompt asks (constraints, a step-by-step explanation,
 * a long answer, several questions, a long passage, a harder variant of the task, the language), plus
 * Gaussian noise (σ {@value #NOISE}) that no feature can see. Then {@code small_correct ~ Bernoulli(σ((0.5
 * − d)·7))} and {@code large_correct ~ Bernoulli(σ((1.0 − d)·5))}, drawn independently. The numbers
 * encode the team's belief about a 0.5–1B local model against a frontier remote model; they are not
 * measurements.
 *
 * <p>The held-out split uses other prompt templates and other topic fillers than the dev split (every
 * fourth of each list), so its prompts are worded differently from anything calibrated on.
 *
 * <p>Run {@link #main} from the repository root to rewrite both files.
 */
public final class RoutingDatasetGenerator {

    public static final int DEV_SIZE = 2000;
    public static final int TEST_SIZE = 1000;
    static final double NOISE = 0.12;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which split: dev (calibration) or test (held out). */
    public enum Split {
        DEV(20260101L, DEV_SIZE),
        TEST(20260202L, TEST_SIZE);

        final long seed;
        final int size;

        Split(long seed, int size) {
            this.seed = seed;
            this.size = size;
        }

        String fileName() {
            return name().toLowerCase(Locale.ROOT) + ".jsonl";
        }

        boolean takes(int index) {
            return this == TEST ? index % 4 == 3 : index % 4 != 3;
        }
    }

    private RoutingDatasetGenerator() {}

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "datasets/routing");
        Files.createDirectories(folder);
        for (Split split : Split.values()) {
            Files.writeString(
                    folder.resolve(split.fileName()),
                    String.join("\n", generate(split)) + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    /** The lines of a split, in order. */
    public static List<String> generate(Split split) {
        Random random = new Random(split.seed);
        List<String> lines = new ArrayList<>(split.size);
        for (int i = 0; i < split.size; i++) {
            Item item = item(split, random);
            double d = item.difficulty + NOISE * random.nextGaussian();
            boolean small = random.nextDouble() < sigmoid((0.5 - d) * 7);
            boolean large = random.nextDouble() < sigmoid((1.0 - d) * 5);
            ObjectNode node = JSON.createObjectNode();
            node.put("id", split.name().toLowerCase(Locale.ROOT) + "-" + String.format(Locale.ROOT, "%04d", i + 1));
            node.put("task", item.task);
            node.put("lang", item.language);
            node.put("prompt", item.prompt);
            node.put("small_correct", small);
            node.put("large_correct", large);
            try {
                lines.add(JSON.writeValueAsString(node));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return lines;
    }

    private record Item(String task, String language, String prompt, double difficulty) {}

    // Task mix: roughly what a general assistant sees.
    private static final String[] TASKS = {
        "chit-chat",
        "chit-chat",
        "factual-lookup",
        "factual-lookup",
        "summarisation",
        "translation",
        "extraction",
        "classification",
        "coding",
        "coding",
        "maths",
        "multi-step-reasoning",
        "creative-writing",
        "creative-writing",
        "native"
    };

    private static Item item(Split split, Random random) {
        String task = TASKS[random.nextInt(TASKS.length)];
        return switch (task) {
            case "chit-chat" -> chitChat(split, random);
            case "factual-lookup" -> factual(split, random);
            case "summarisation" -> summarisation(split, random);
            case "translation" -> translation(split, random);
            case "extraction" -> extraction(split, random);
            case "classification" -> classification(split, random);
            case "coding" -> coding(split, random);
            case "maths" -> maths(split, random);
            case "multi-step-reasoning" -> reasoning(split, random);
            case "creative-writing" -> creative(split, random);
            default -> nativeLanguage(split, random);
        };
    }

    // ---- task generators ------------------------------------------------------------------------

    private static Item chitChat(Split split, Random random) {
        String prompt = pick(split, random, CHIT_CHAT);
        return new Item("chit-chat", "en", prompt, 0.02 + 0.05 * random.nextInt(2));
    }

    private static Item factual(Split split, Random random) {
        Builder b = new Builder(pick(split, random, FACTUAL), 0.28);
        if (random.nextDouble() < 0.3) {
            b.add(" " + pick(split, random, FACTUAL), 0.08); // a second question
        }
        if (random.nextDouble() < 0.25) {
            b.add(" " + pick(split, random, OBSCURE_FACT_SUFFIX), 0.22); // long-tail facts: tiny models hallucinate
        }
        if (random.nextDouble() < 0.2) {
            b.add(" Answer in one sentence.", -0.02);
        }
        return b.item("factual-lookup");
    }

    private static Item summarisation(Split split, Random random) {
        int sentences = 3 + random.nextInt(random.nextDouble() < 0.3 ? 30 : 8);
        Builder b = new Builder(pick(split, random, SUMMARISE) + "\n\n" + passage(split, random, sentences), 0.18);
        b.add("", 0.012 * sentences);
        constraints(split, random, b, 0.4);
        return b.item("summarisation");
    }

    private static Item translation(Split split, Random random) {
        String[] target = pickRow(split, random, TARGET_LANGUAGES);
        String sentence = pick(split, random, SENTENCES);
        Builder b = new Builder(
                pick(split, random, TRANSLATE).replace("{lang}", target[0]).replace("{text}", sentence),
                0.22 + Double.parseDouble(target[1]));
        if (random.nextDouble() < 0.3) {
            b.add(" " + pick(split, random, SENTENCES) + " " + pick(split, random, SENTENCES), 0.08);
        }
        if (random.nextDouble() < 0.25) {
            b.add(" Keep the tone formal and preserve the formatting exactly.", 0.08);
        }
        return b.item("translation");
    }

    private static Item extraction(Split split, Random random) {
        int sentences = 2 + random.nextInt(8);
        Builder b = new Builder(pick(split, random, EXTRACT) + "\n\n" + passage(split, random, sentences), 0.16);
        b.add("", 0.01 * sentences);
        if (random.nextDouble() < 0.4) {
            b.add(" Return the result as JSON with exactly these keys: name, date, amount.", 0.12);
        }
        return b.item("extraction");
    }

    private static Item classification(Split split, Random random) {
        Builder b = new Builder(pick(split, random, CLASSIFY).replace("{text}", pick(split, random, REVIEWS)), 0.08);
        if (random.nextDouble() < 0.3) {
            b.add(" Explain why in one sentence.", 0.05);
        }
        if (random.nextDouble() < 0.2) {
            b.add(" The text may be sarcastic; take that into account.", 0.2);
        }
        return b.item("classification");
    }

    private static Item coding(Split split, Random random) {
        boolean hard = random.nextDouble() < 0.45;
        String template = hard ? pick(split, random, CODING_HARD) : pick(split, random, CODING_EASY);
        Builder b =
                new Builder(template.replace("{lang}", pick(split, random, PROGRAMMING_LANGUAGES)), hard ? 0.62 : 0.32);
        if (random.nextDouble() < 0.3) {
            b.add("\n\n```\n" + pick(split, random, CODE_SNIPPETS) + "\n```", 0.08);
        }
        constraints(split, random, b, 0.45);
        reasoningAsk(split, random, b, 0.25);
        return b.item("coding");
    }

    private static Item maths(Split split, Random random) {
        double level = random.nextDouble();
        Builder b = level < 0.35
                ? new Builder(arithmetic(split, random), 0.3)
                : level < 0.7
                        ? new Builder(pick(split, random, MATHS_MEDIUM), 0.58)
                        : new Builder(pick(split, random, MATHS_HARD), 0.85);
        reasoningAsk(split, random, b, 0.35);
        return b.item("maths");
    }

    private static Item reasoning(Split split, Random random) {
        Builder b = new Builder(pick(split, random, REASONING), 0.7);
        constraints(split, random, b, 0.4);
        reasoningAsk(split, random, b, 0.3);
        if (random.nextDouble() < 0.3) {
            b.add(" Write a detailed report of about 800 words.", 0.08);
        }
        return b.item("multi-step-reasoning");
    }

    private static Item creative(Split split, Random random) {
        Builder b = new Builder(pick(split, random, CREATIVE).replace("{topic}", pick(split, random, TOPICS)), 0.22);
        double length = random.nextDouble();
        if (length < 0.25) {
            b.add(" Write about 1500 words.", 0.18);
        } else if (length < 0.45) {
            b.add(" Keep it short.", -0.05);
        }
        if (random.nextDouble() < 0.35) {
            b.add(" " + pick(split, random, CREATIVE_CONSTRAINTS), 0.14);
        }
        return b.item("creative-writing");
    }

    private static Item nativeLanguage(Split split, Random random) {
        String[] row = pickRow(split, random, NATIVE);
        // row: language, script penalty, task, base, prompt
        return new Item(row[2], row[0], row[4], Double.parseDouble(row[3]) + Double.parseDouble(row[1]));
    }

    // ---- pieces ----------------------------------------------------------------------------------

    private static void constraints(Split split, Random random, Builder b, double chance) {
        int count = 0;
        while (random.nextDouble() < chance && count < 4) {
            b.add(" " + pick(split, random, CONSTRAINTS), 0.07);
            count++;
        }
    }

    private static void reasoningAsk(Split split, Random random, Builder b, double chance) {
        if (random.nextDouble() < chance) {
            b.add(" " + pick(split, random, REASONING_ASKS), 0.06);
        }
    }

    private static String arithmetic(Split split, Random random) {
        int a = 2 + random.nextInt(98);
        int c = 2 + random.nextInt(98);
        return pick(split, random, ARITHMETIC)
                .replace("{a}", Integer.toString(a))
                .replace("{c}", Integer.toString(c))
                .replace("{c10}", Integer.toString(c * 10))
                .replace("{min}", Integer.toString(Math.min(a, c)));
    }

    private static final String[] ARITHMETIC = {
        "What is {a} + {c}?",
        "What is {a} times {c}?",
        "What is {a}% of {c10}?",
        "Quick one: {a} plus {c}?",
        "If I have {a} apples and give away {min}, how many are left?",
        "How much is {a} minus {min}?",
        "Calculate {a} * {c}.",
        "What's {a} divided by 1?"
    };

    private static String passage(Split split, Random random, int sentences) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append(i == 0 ? "" : " ").append(pick(split, random, SENTENCES));
        }
        return text.toString();
    }

    private static String pick(Split split, Random random, String[] options) {
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            if (split.takes(i) || options.length < 4) {
                allowed.add(options[i]);
            }
        }
        return allowed.get(random.nextInt(allowed.size()));
    }

    private static String[] pickRow(Split split, Random random, String[][] rows) {
        List<String[]> allowed = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (split.takes(i) || rows.length < 4) {
                allowed.add(rows[i]);
            }
        }
        return allowed.get(random.nextInt(allowed.size()));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static final class Builder {
        private final StringBuilder prompt;
        private double difficulty;

        Builder(String prompt, double difficulty) {
            this.prompt = new StringBuilder(prompt);
            this.difficulty = difficulty;
        }

        void add(String text, double delta) {
            prompt.append(text);
            difficulty += delta;
        }

        Item item(String task) {
            return new Item(task, "en", prompt.toString(), difficulty);
        }
    }

    // ---- text banks (every fourth entry is held out for the test split) ---------------------------

    private static final String[] CHIT_CHAT = {
        "hey, how's it going?",
        "good morning!",
        "thanks, that helped a lot",
        "what's up?",
        "I just got back from a run, feeling great",
        "haha that's hilarious",
        "hello, who am I talking to?",
        "can you cheer me up a bit?",
        "what do you like to do for fun?",
        "nice, thank you so much!",
        "hi there, hope you're having a good day",
        "I'm so tired today",
        "yo",
        "good night, talk tomorrow",
        "do you ever get bored?",
        "tell me a fun fact",
        "that's cool, thanks",
        "hiya! long week huh",
        "what should I have for dinner tonight?",
        "ok bye for now",
        "how are you feeling today?",
        "you're pretty helpful, you know that?",
        "sup",
        "guess what, I passed my driving test!"
    };

    private static final String[] FACTUAL = {
        "What is the capital of Canada?", "Who discovered penicillin?", "When did World War II end?",
        "How many continents are there?", "What is the largest ocean on Earth?", "Who wrote Hamlet?",
        "What is the speed of light?", "Which element has the atomic number 8?", "What language is spoken in Brazil?",
        "Who was the first person to walk on the moon?", "How long is a marathon?",
                "What is the tallest building in the world?",
        "When was the printing press invented?", "What is the population of Tokyo roughly?",
                "Who painted The Starry Night?",
        "What is the freezing point of water in Kelvin?", "Which country has the most time zones?",
                "What does HTTP stand for?",
        "Who founded the Ottoman Empire?", "What is the longest river in Africa?",
                "How many players are on a rugby union team?",
        "What year did the Chernobyl disaster happen?", "What is the main ingredient of guacamole?",
                "Who invented the telephone?"
    };

    private static final String[] OBSCURE_FACT_SUFFIX = {
        "Also, who was the mayor of that city in 1923?", "And what was the exact figure reported in the 1961 census?",
        "Include the name of the second-place finisher too.",
                "What was the original name of the company behind it, before 1950?",
        "Give the precise date, including the day of the week.",
                "Which regional dialect term is used for it in Bavaria?",
        "Name the obscure 18th-century scholar who first described it.",
                "What was the budget of the project in the original currency?"
    };

    private static final String[] SUMMARISE = {
        "Summarise the following text in three sentences:",
        "Give me a short summary of this:",
        "TL;DR please:",
        "Condense the following into bullet points:",
        "Write an executive summary of the notes below.",
        "What are the key takeaways from this text?",
        "Summarize this for a busy manager:",
        "Boil this down to one paragraph:",
        "Recap the following in plain English:",
        "Give me the gist of this passage:",
        "Shorten the text below without losing the key facts:",
        "Produce a brief abstract of the following:"
    };

    private static final String[] SENTENCES = {
        "The quarterly revenue rose by twelve percent, driven mostly by subscriptions in Europe.",
        "Our team met on Tuesday to review the migration plan for the billing database.",
        "The new library opens next month and will host free coding workshops for teenagers.",
        "Heavy rain is expected over the weekend, so the outdoor concert has been moved indoors.",
        "Customers reported that the mobile app crashes when they upload large photos.",
        "The committee approved the budget but asked for a clearer timeline for the second phase.",
        "Researchers found that short daily walks improve sleep quality in older adults.",
        "The supplier will deliver the replacement parts on March 14 at a cost of 2,300 euros.",
        "Jane Miller from the finance team will present the audit results on Friday.",
        "The city plans to add forty kilometres of protected bike lanes by 2027.",
        "Sales of electric scooters slowed after the new helmet law came into force.",
        "The hotel offers a free breakfast, but parking costs fifteen dollars per night.",
        "A software update fixed the login bug, yet some users still cannot reset their passwords.",
        "The museum's new exhibition explores the history of maps from antiquity to satellites.",
        "Our contract with the cleaning company ends on June 30 and will not be renewed.",
        "Engineers traced the outage to an expired certificate on the load balancer.",
        "The school will close early on Thursday because of a staff training day.",
        "Volunteers planted three hundred trees along the river last Saturday.",
        "The invoice from Acme Ltd dated 2 May lists 40 licences at 25 pounds each.",
        "The board wants a proposal that cuts cloud costs without slowing releases.",
        "Ticket prices will rise by five percent from the first of September.",
        "The patient was advised to take ibuprofen twice a day for one week.",
        "Two of the five reviewers recommended rejecting the paper for lack of evidence.",
        "Our flight to Lisbon was delayed by three hours because of a strike."
    };

    private static final String[] TRANSLATE = {
        "Translate into {lang}: {text}", "How would you say this in {lang}? {text}",
        "Please translate the following sentence to {lang}: {text}", "Can you render this in {lang}? {text}",
        "Translate this to {lang}, please: {text}", "I need this in {lang}: {text}",
        "{lang} translation of: {text}", "Give me a natural {lang} version of this: {text}"
    };

    // language, extra difficulty for the small model
    private static final String[][] TARGET_LANGUAGES = {
        {"French", "0.0"}, {"Spanish", "0.0"}, {"German", "0.03"}, {"Japanese", "0.25"},
        {"Italian", "0.02"}, {"Chinese", "0.25"}, {"Russian", "0.15"}, {"Hindi", "0.3"},
        {"Portuguese", "0.02"}, {"Korean", "0.25"}, {"Arabic", "0.25"}, {"Thai", "0.3"}
    };

    private static final String[] EXTRACT = {
        "Extract every date and amount mentioned in the text below.",
                "List the people and organisations named in this text:",
        "Pull out the action items from these notes:",
                "Which numbers appear in the following text, and what do they refer to?",
        "Extract the names, dates and prices from this message:", "Find every deadline in the text below:",
        "Get the key entities from this passage:", "Identify the locations mentioned here:"
    };

    private static final String[] CLASSIFY = {
        "Is this review positive or negative? \"{text}\"", "Classify the sentiment: {text}",
        "Label this customer message as complaint, question or praise: {text}", "Positive, neutral or negative? {text}",
        "Which category fits best (billing, delivery, product quality)? {text}", "Is this message urgent? {text}",
        "Tag the topic of this comment: {text}", "Rate the sentiment of this from 1 to 5: {text}"
    };

    private static final String[] REVIEWS = {
        "The delivery was late and the box was damaged.", "Absolutely love it, works perfectly.",
        "It's fine, nothing special.", "Great, another update that breaks everything. Just wonderful.",
        "Customer service solved my problem in five minutes.", "I was charged twice for the same order.",
        "The size runs small, order one up.", "Battery life is amazing, lasts three days.",
        "Not sure yet, only used it once.", "Worst purchase of the year, would not recommend.",
        "Oh sure, waiting two hours on hold was exactly how I wanted to spend my Sunday.", "Does this come in blue?"
    };

    private static final String[] PROGRAMMING_LANGUAGES = {
        "Python", "Java", "JavaScript", "Go", "Rust", "TypeScript", "C#", "Kotlin"
    };

    private static final String[] CODING_EASY = {
        "Write a {lang} function that reverses a string.", "How do I read a file line by line in {lang}?",
        "Write a {lang} function that returns the largest number in a list.",
                "What's the syntax for a for loop in {lang}?",
        "Write a {lang} snippet that checks if a number is even.", "How do I convert a string to an integer in {lang}?",
        "Write a {lang} function that counts the vowels in a word.",
                "How do I sort a list of names alphabetically in {lang}?",
        "Show me how to make an HTTP GET request in {lang}.",
                "Write a {lang} function that capitalises each word in a sentence.",
        "How do I get the current date in {lang}?", "Write a {lang} function to check whether a list is empty."
    };

    private static final String[] CODING_HARD = {
        "Implement a thread-safe LRU cache in {lang} with O(1) get and put.",
        "Write a {lang} parser for arithmetic expressions with operator precedence and parentheses.",
        "Design and implement a rate limiter in {lang} that works across several server instances.",
        "Find and fix the race condition in this {lang} producer-consumer code, then explain it.",
        "Implement Dijkstra's algorithm in {lang} and analyse its time complexity.",
        "Write a {lang} program that merges overlapping intervals and handles edge cases.",
        "Refactor this {lang} service to use dependency injection and write unit tests for it.",
        "Implement a trie with prefix search and deletion in {lang}.",
        "Write a {lang} function that detects cycles in a directed graph and returns one cycle.",
        "Optimise this {lang} code that is quadratic so that it runs in linear time.",
        "Implement an async retry with exponential backoff and jitter in {lang}.",
        "Write a {lang} JSON serializer for nested objects without using any library."
    };

    private static final String[] CODE_SNIPPETS = {
        "for (int i = 0; i <= items.size(); i++) {\n  total += items.get(i);\n}",
        "def avg(xs):\n    return sum(xs) / len(xs)",
        "const data = await fetch(url).then(r => r.json());\nconsole.log(data.items.length);",
        "func worker(ch chan int) {\n    for v := range ch {\n        results = append(results, v)\n    }\n}",
        "SELECT name, COUNT(*) FROM orders o JOIN users u ON o.user_id = u.id GROUP BY name;",
        "public synchronized void put(K key, V value) {\n  map.put(key, value);\n  order.add(key);\n}",
        "let mut v = vec![1, 2, 3];\nfor x in &v { v.push(*x); }",
        "if (user == null || user.getName().equals(\"\")) {\n  return;\n}"
    };

    private static final String[] MATHS_MEDIUM = {
        "Solve for x: 5x - 3 = 2x + 12.",
        "What is the derivative of x^2 * ln(x)?",
        "Find the area of a circle with radius 7 cm.",
        "Solve the quadratic equation x^2 - 5x + 6 = 0.",
        "What is the probability of drawing two aces from a deck without replacement?",
        "Compute the integral of 3x^2 + 2x from 0 to 2.",
        "How many ways can you arrange the letters of the word LEVEL?",
        "Find the slope of the line through (2, 3) and (6, 11).",
        "Simplify (2x^3 y^2)^2 / (4x y).",
        "What is the sum of the interior angles of a hexagon?",
        "Convert 0.375 to a fraction in lowest terms.",
        "A shirt costs 40 dollars after a 20% discount. What was the original price?"
    };

    private static final String[] MATHS_HARD = {
        "Prove that there are infinitely many prime numbers.",
        "Find all real solutions of x^4 - 5x^2 + 4 = 0 and prove there are no others.",
        "Compute the eigenvalues and eigenvectors of the matrix [[4, 1], [2, 3]].",
        "Prove by induction that 1^3 + 2^3 + ... + n^3 = (n(n+1)/2)^2.",
        "Evaluate the integral of x e^x sin(x) dx.",
        "Show that every bounded monotone sequence of real numbers converges.",
        "What is the expected number of rolls of a fair die until two consecutive sixes appear?",
        "Find the limit of (sin x - x) / x^3 as x approaches 0, justifying each step.",
        "Prove that the square root of 3 is irrational.",
        "Solve the recurrence T(n) = 2T(n/2) + n log n.",
        "How many lattice paths from (0,0) to (6,6) never go above the diagonal? Prove it.",
        "Find the minimum of f(x, y) = x^2 + y^2 subject to x + 2y = 5 using Lagrange multipliers."
    };

    private static final String[] REASONING = {
        "Our startup has six engineers and must choose between a monolith and microservices; compare the trade-offs and recommend one.",
        "Plan a four-day trip to Japan for a family with two kids on a budget of 3,000 dollars, accounting for travel time between cities.",
        "Three friends split a bill unevenly and one paid for the taxi; work out who owes whom and how much.",
        "Analyse why our signup conversion dropped 15% after the redesign and propose experiments to find the cause.",
        "If every manager attends two meetings and no meeting has more than three managers, what is the fewest meetings for seven managers?",
        "Evaluate whether we should build or buy a data warehouse, considering cost, hiring and a two-year horizon.",
        "A farmer must cross a river with a wolf, a goat and a cabbage; explain the sequence of crossings and why it works.",
        "Given a team calendar with conflicts, schedule five interviews this week so that no interviewer has more than two per day.",
        "Critique the argument that remote work always lowers productivity and identify its hidden assumptions.",
        "Our database is at 90% capacity and grows 4% a month; assess the options and their risks over the next year.",
        "Decide which of three job offers is best given salary, commute, growth and the fact that I plan to move in two years.",
        "Work out which of the four suspects is lying, given that exactly one statement is true."
    };

    private static final String[] REASONING_ASKS = {
        "Explain your reasoning step by step.", "Justify each step.", "Think it through carefully before answering.",
        "Show your work.", "Walk me through the logic.", "Consider edge cases and explain why your answer holds.",
        "List your assumptions first.", "Explain why, not just what."
    };

    private static final String[] CONSTRAINTS = {
        "Use at most 150 words.",
        "Do not use any external libraries.",
        "Answer in JSON.",
        "Make sure it handles empty input.",
        "Include exactly three examples.",
        "Avoid jargon.",
        "Cite the numbers from the text exactly.",
        "Keep the original order.",
        "Format the answer as a table.",
        "Don't repeat the question.",
        "It must run in under a second for a million items.",
        "Write it for a non-technical audience."
    };

    private static final String[] CREATIVE = {
        "Write a short poem about {topic}.", "Tell me a story about {topic}.", "Write a haiku about {topic}.",
        "Write a limerick about {topic}.", "Write the opening scene of a novel about {topic}.",
                "Write song lyrics about {topic}.",
        "Write a funny toast about {topic}.", "Describe {topic} as if you were a pirate.",
                "Write a bedtime story involving {topic}.",
        "Write a sonnet about {topic}.", "Write a short dialogue between two strangers about {topic}.",
                "Write a fable whose moral is about {topic}."
    };

    private static final String[] TOPICS = {
        "the first snow of winter", "a lost umbrella", "friendship", "a lighthouse keeper", "Monday mornings",
        "a robot learning to cook", "the ocean at night", "an old bicycle", "moving to a new city",
                "a cat who owns a bakery",
        "time travel", "my grandmother's garden", "a rainy bus ride", "the last day of school",
                "a dragon afraid of heights",
        "coffee"
    };

    private static final String[] CREATIVE_CONSTRAINTS = {
        "Every line must rhyme with 'light'.", "Use exactly five stanzas and an ABAB rhyme scheme.",
        "Do not use the letter e.", "Write it in the style of Edgar Allan Poe, with a twist ending.",
        "Each sentence must start with the next letter of the alphabet.", "Include a hidden acrostic spelling HOPE.",
        "Tell it backwards, from the end to the beginning.", "Use iambic pentameter throughout."
    };

    // language, script penalty, task, base difficulty, prompt
    private static final String[][] NATIVE = {
        {"fr", "0.05", "chit-chat", "0.05", "Salut ! Comment ça va aujourd'hui ?"},
        {"de", "0.05", "factual-lookup", "0.3", "Wie hoch ist die Zugspitze?"},
        {"es", "0.05", "creative-writing", "0.25", "Escribe un poema corto sobre el mar."},
        {"zh", "0.25", "factual-lookup", "0.3", "中国的首都是哪里？"},
        {"ja", "0.25", "chit-chat", "0.05", "こんにちは、今日はいい天気ですね。"},
        {"ru", "0.15", "factual-lookup", "0.3", "Кто написал роман «Война и мир»?"},
        {"ar", "0.25", "chit-chat", "0.05", "مرحبا، كيف حالك اليوم؟"},
        {"hi", "0.3", "factual-lookup", "0.3", "भारत की राजधानी क्या है?"},
        {
            "fr",
            "0.05",
            "summarisation",
            "0.2",
            "Résume ce texte en deux phrases : la réunion de mardi a porté sur le budget et le calendrier du projet."
        },
        {"de", "0.05", "coding", "0.35", "Schreibe eine Python-Funktion, die prüft, ob eine Zahl eine Primzahl ist."},
        {"zh", "0.25", "maths", "0.58", "解方程：x^2 - 7x + 12 = 0，并写出步骤。"},
        {"ja", "0.25", "multi-step-reasoning", "0.7", "東京から大阪まで、予算2万円で一番効率よく移動する方法を比較して、理由とともに提案してください。"},
        {"es", "0.05", "chit-chat", "0.05", "¡Hola! ¿Qué tal tu día?"},
        {"ru", "0.15", "coding", "0.35", "Напиши функцию на Python, которая сортирует список строк по длине."},
        {"ko", "0.25", "chit-chat", "0.05", "안녕하세요, 오늘 기분이 어때요?"},
        {"zh", "0.25", "creative-writing", "0.25", "写一首关于秋天的短诗。"},
        {"ar", "0.25", "factual-lookup", "0.3", "ما هي أطول نهر في العالم؟"},
        {
            "hi",
            "0.3",
            "summarisation",
            "0.2",
            "इस पाठ का सारांश दो वाक्यों में लिखिए: कंपनी ने इस साल नए कर्मचारियों को नियुक्त किया और लाभ बढ़ा।"
        },
        {"fr", "0.05", "maths", "0.58", "Résous l'équation 3x + 5 = 2x - 4 et explique chaque étape."},
        {
            "de",
            "0.05",
            "multi-step-reasoning",
            "0.7",
            "Vergleiche die Vor- und Nachteile von Mieten und Kaufen einer Wohnung in München und gib eine begründete Empfehlung."
        },
        {"ja", "0.25", "factual-lookup", "0.3", "富士山の高さは何メートルですか？"},
        {"ru", "0.15", "chit-chat", "0.05", "Привет! Как дела?"},
        {"th", "0.3", "chit-chat", "0.05", "สวัสดีครับ วันนี้เป็นอย่างไรบ้าง"},
        {"ko", "0.25", "coding", "0.35", "파이썬으로 리스트의 중복을 제거하는 함수를 작성해 주세요."}
    };
}
