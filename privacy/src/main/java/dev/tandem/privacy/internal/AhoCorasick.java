package dev.tandem.privacy.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds every occurrence of many keywords in one pass over a text (Aho-Corasick), in time linear in
 * the text plus the matches. Keywords are matched exactly as given; callers lower-case both sides for
 * case-insensitive matching. Immutable and thread-safe once built.
 *
 * <p>The states closest to the root, where a scan spends nearly all its time, get a complete
 * transition table (one array read per character, failure links already followed); deeper states
 * beyond a memory budget keep only their own transitions and fall back along failure links. The
 * built-in keyword lists fit the table entirely; only very large custom lists use the fallback.
 */
public final class AhoCorasick {

    /** Receives one match: {@code [start, end)} and the index of the keyword in the build list. */
    @FunctionalInterface
    public interface MatchHandler {
        void onMatch(int start, int end, int keyword);
    }

    /** Entries of the complete transition table, at most: 1 MiB of ints. */
    private static final int TABLE_BUDGET = 1 << 18;

    private static final int LATIN = 256;
    private static final int[] NO_OUTPUTS = new int[0];

    // Characters are numbered by their rank among the keywords' characters, from 1; 0 stands for any
    // character no keyword holds, which always leads back to the root.
    private final int[] latinCodes;
    private final char[] otherChars;
    private final int[] otherCodes;
    private final int width;
    // States are numbered breadth-first, so the first tableStates states are the shallowest.
    private final int tableStates;
    private final int[] table;
    private final int[][] childCodes;
    private final int[][] children;
    private final int[] failure;
    private final int[][] outputs;
    private final int[] lengths;

    private AhoCorasick(Builder built) {
        this.latinCodes = built.latinCodes;
        this.otherChars = built.otherChars;
        this.otherCodes = built.otherCodes;
        this.width = built.width;
        this.tableStates = built.tableStates;
        this.table = built.table;
        this.childCodes = built.childCodes;
        this.children = built.children;
        this.failure = built.failure;
        this.outputs = built.outputs;
        this.lengths = built.lengths;
    }

    public static AhoCorasick of(List<String> keywords) {
        return new AhoCorasick(new Builder(keywords));
    }

    /** Reports every match, overlapping ones included, in order of their end offset. */
    public void forEachMatch(CharSequence text, MatchHandler handler) {
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            int code = code(text.charAt(i));
            state = code == 0 ? 0 : next(state, code);
            int[] matched = outputs[state];
            for (int keyword : matched) {
                handler.onMatch(i + 1 - lengths[keyword], i + 1, keyword);
            }
        }
    }

    private int code(char c) {
        if (c < LATIN) {
            return latinCodes[c];
        }
        int at = Arrays.binarySearch(otherChars, c);
        return at >= 0 ? otherCodes[at] : 0;
    }

    private int next(int state, int code) {
        int from = state;
        while (from >= tableStates) {
            int at = Arrays.binarySearch(childCodes[from], code);
            if (at >= 0) {
                return children[from][at];
            }
            from = failure[from];
        }
        return table[from * width + code];
    }

    @Override
    public String toString() {
        return "AhoCorasick[keywords=" + lengths.length + ", states=" + failure.length + "]";
    }

    /** Builds the trie, numbers its states breadth-first, and derives the failure links and tables. */
    private static final class Builder {
        int[] latinCodes = new int[LATIN];
        char[] otherChars;
        int[] otherCodes;
        int width;
        int tableStates;
        int[] table;
        int[][] childCodes;
        int[][] children;
        int[] failure;
        int[][] outputs;
        int[] lengths;

        Builder(List<String> keywords) {
            TreeSet<Character> alphabet = new TreeSet<>();
            for (int k = 0; k < keywords.size(); k++) {
                if (keywords.get(k).isEmpty()) {
                    throw new IllegalArgumentException("keyword " + k + " is empty");
                }
                for (char c : keywords.get(k).toCharArray()) {
                    alphabet.add(c);
                }
            }
            numberCharacters(alphabet);
            List<TreeMap<Integer, Integer>> trie = new ArrayList<>();
            List<List<Integer>> ends = new ArrayList<>();
            trie.add(new TreeMap<>());
            ends.add(new ArrayList<>());
            lengths = new int[keywords.size()];
            for (int k = 0; k < keywords.size(); k++) {
                String keyword = keywords.get(k);
                lengths[k] = keyword.length();
                int node = 0;
                for (int i = 0; i < keyword.length(); i++) {
                    int code = codeOf(keyword.charAt(i));
                    Integer next = trie.get(node).get(code);
                    if (next == null) {
                        next = trie.size();
                        trie.get(node).put(code, next);
                        trie.add(new TreeMap<>());
                        ends.add(new ArrayList<>());
                    }
                    node = next;
                }
                ends.get(node).add(k);
            }
            linkBreadthFirst(trie, ends);
        }

        private void numberCharacters(TreeSet<Character> alphabet) {
            List<Character> others = new ArrayList<>();
            int code = 1;
            for (char c : alphabet) {
                if (c < LATIN) {
                    latinCodes[c] = code++;
                } else {
                    others.add(c);
                }
            }
            otherChars = new char[others.size()];
            otherCodes = new int[others.size()];
            for (int i = 0; i < others.size(); i++) {
                otherChars[i] = others.get(i);
                otherCodes[i] = code++;
            }
            width = code;
        }

        private int codeOf(char c) {
            return c < LATIN ? latinCodes[c] : otherCodes[Arrays.binarySearch(otherChars, c)];
        }

        private void linkBreadthFirst(List<TreeMap<Integer, Integer>> trie, List<List<Integer>> ends) {
            int size = trie.size();
            int[] order = new int[size];
            int[] rank = new int[size];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(0);
            for (int n = 0; !queue.isEmpty(); n++) {
                int node = queue.poll();
                order[n] = node;
                rank[node] = n;
                queue.addAll(trie.get(node).values());
            }
            childCodes = new int[size][];
            children = new int[size][];
            for (int n = 0; n < size; n++) {
                TreeMap<Integer, Integer> edges = trie.get(order[n]);
                childCodes[n] =
                        edges.keySet().stream().mapToInt(Integer::intValue).toArray();
                children[n] =
                        edges.values().stream().mapToInt(node -> rank[node]).toArray();
            }
            failure = new int[size];
            List<List<Integer>> out = new ArrayList<>();
            for (int n = 0; n < size; n++) {
                out.add(new ArrayList<>(ends.get(order[n])));
            }
            // Breadth-first order: a state's failure target is shallower, so it is complete already.
            for (int n = 0; n < size; n++) {
                for (int i = 0; i < childCodes[n].length; i++) {
                    int child = children[n][i];
                    int f = failure[n];
                    int via = n == 0 ? -1 : child(f, childCodes[n][i]);
                    while (via < 0 && f != 0) {
                        f = failure[f];
                        via = child(f, childCodes[n][i]);
                    }
                    failure[child] = via >= 0 && via != child ? via : 0;
                    out.get(child).addAll(out.get(failure[child]));
                }
            }
            outputs = new int[size][];
            for (int n = 0; n < size; n++) {
                outputs[n] = out.get(n).isEmpty()
                        ? NO_OUTPUTS
                        : out.get(n).stream().mapToInt(Integer::intValue).toArray();
            }
            tableStates = Math.min(size, Math.max(1, TABLE_BUDGET / width));
            table = new int[tableStates * width];
            for (int n = 0; n < tableStates; n++) {
                for (int code = 1; code < width; code++) {
                    int child = child(n, code);
                    table[n * width + code] = child >= 0 ? child : n == 0 ? 0 : table[failure[n] * width + code];
                }
            }
        }

        private int child(int node, int code) {
            int at = Arrays.binarySearch(childCodes[node], code);
            return at >= 0 ? children[node][at] : -1;
        }
    }
}
