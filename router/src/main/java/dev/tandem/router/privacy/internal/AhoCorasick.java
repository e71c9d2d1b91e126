package dev.tandem.router.privacy.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of many keywords in one pass over a text (Aho-Corasick), in time linear in
 * the text plus the matches. Keywords are matched exactly as given; callers lower-case both sides for
 * case-insensitive matching. Immutable and thread-safe once built.
 */
public final class AhoCorasick {

    /** Receives one match: {@code [start, end)} and the index of the keyword in the build list. */
    @FunctionalInterface
    public interface MatchHandler {
        void onMatch(int start, int end, int keyword);
    }

    private static final int[] NO_OUTPUTS = new int[0];

    // Node n's transitions: keys[n] sorted, targets[n] aligned; failure links and outputs per node.
    private final char[][] keys;
    private final int[][] targets;
    private final int[] failure;
    private final int[][] outputs;
    private final int[] lengths;

    private AhoCorasick(char[][] keys, int[][] targets, int[] failure, int[][] outputs, int[] lengths) {
        this.keys = keys;
        this.targets = targets;
        this.failure = failure;
        this.outputs = outputs;
        this.lengths = lengths;
    }

    public static AhoCorasick of(List<String> keywords) {
        List<Map<Character, Integer>> trie = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trie.add(new HashMap<>());
        out.add(new ArrayList<>());
        int[] lengths = new int[keywords.size()];
        for (int k = 0; k < keywords.size(); k++) {
            String keyword = keywords.get(k);
            if (keyword.isEmpty()) {
                throw new IllegalArgumentException("keyword " + k + " is empty");
            }
            lengths[k] = keyword.length();
            int node = 0;
            for (int i = 0; i < keyword.length(); i++) {
                char c = keyword.charAt(i);
                Integer next = trie.get(node).get(c);
                if (next == null) {
                    next = trie.size();
                    trie.get(node).put(c, next);
                    trie.add(new HashMap<>());
                    out.add(new ArrayList<>());
                }
                node = next;
            }
            out.get(node).add(k);
        }
        int size = trie.size();
        char[][] keys = new char[size][];
        int[][] targets = new int[size][];
        for (int n = 0; n < size; n++) {
            Character[] sorted = trie.get(n).keySet().toArray(new Character[0]);
            Arrays.sort(sorted);
            keys[n] = new char[sorted.length];
            targets[n] = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                keys[n][i] = sorted[i];
                targets[n][i] = trie.get(n).get(sorted[i]);
            }
        }
        int[] failure = new int[size];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets[0]) {
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int i = 0; i < keys[node].length; i++) {
                char c = keys[node][i];
                int child = targets[node][i];
                int f = failure[node];
                while (f != 0 && step(keys, targets, f, c) < 0) {
                    f = failure[f];
                }
                int via = step(keys, targets, f, c);
                failure[child] = via >= 0 && via != child ? via : 0;
                out.get(child).addAll(out.get(failure[child]));
                queue.add(child);
            }
        }
        int[][] outputs = new int[size][];
        for (int n = 0; n < size; n++) {
            outputs[n] = out.get(n).isEmpty()
                    ? NO_OUTPUTS
                    : out.get(n).stream().mapToInt(Integer::intValue).toArray();
        }
        return new AhoCorasick(keys, targets, failure, outputs, lengths);
    }

    private static int step(char[][] keys, int[][] targets, int node, char c) {
        int i = Arrays.binarySearch(keys[node], c);
        return i >= 0 ? targets[node][i] : -1;
    }

    /** Reports every match, overlapping ones included, in order of their end offset. */
    public void forEachMatch(CharSequence text, MatchHandler handler) {
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next;
            while ((next = step(keys, targets, node, c)) < 0 && node != 0) {
                node = failure[node];
            }
            node = Math.max(next, 0);
            for (int keyword : outputs[node]) {
                handler.onMatch(i + 1 - lengths[keyword], i + 1, keyword);
            }
        }
    }

    @Override
    public String toString() {
        return "AhoCorasick[keywords=" + lengths.length + ", states=" + keys.length + "]";
    }
}
