namespace NewMediaCms.Safety.Detection;

/// <summary>
/// Aho–Corasick automaton over UTF-16 code units, built once per dictionary version: one pass over a text finds
/// every occurrence of every pattern. Transitions live in one hash keyed by (state, char); outputs are merged along
/// the dictionary-suffix links at build time.
/// </summary>
public sealed class AhoCorasick
{
    private readonly Dictionary<long, int> _next;
    private readonly int[] _fail;
    private readonly int[][] _outputs;
    private readonly int[] _lengths;

    public AhoCorasick(IReadOnlyList<string> patterns)
    {
        var next = new Dictionary<long, int>();
        var outputs = new List<List<int>> { new() };
        var children = new List<List<(char C, int To)>> { new() };
        _lengths = patterns.Select(p => p.Length).ToArray();
        for (var p = 0; p < patterns.Count; p++)
        {
            var pattern = patterns[p];
            if (pattern.Length == 0)
            {
                continue;
            }
            var state = 0;
            foreach (var c in pattern)
            {
                if (!next.TryGetValue(Key(state, c), out var to))
                {
                    to = outputs.Count;
                    outputs.Add([]);
                    children.Add([]);
                    next[Key(state, c)] = to;
                    children[state].Add((c, to));
                }
                state = to;
            }
            outputs[state].Add(p);
        }
        var fail = new int[outputs.Count];
        var queue = new Queue<int>();
        foreach (var (_, to) in children[0])
        {
            queue.Enqueue(to);
        }
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            foreach (var (c, to) in children[s])
            {
                var f = fail[s];
                int target;
                while (!next.TryGetValue(Key(f, c), out target) && f != 0)
                {
                    f = fail[f];
                }
                fail[to] = next.TryGetValue(Key(f, c), out target) && target != to ? target : 0;
                outputs[to].AddRange(outputs[fail[to]]);
                queue.Enqueue(to);
            }
        }
        _next = next;
        _fail = fail;
        _outputs = outputs.Select(o => o.ToArray()).ToArray();
    }

    public int PatternCount => _lengths.Length;

    /// <summary>Every occurrence: (start, pattern index), in order of their end.</summary>
    public IEnumerable<(int Start, int Pattern)> Find(string text)
    {
        var found = new List<(int, int)>();
        FindInto(text, found);
        return found;
    }

    public void FindInto(string text, List<(int Start, int Pattern)> found)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int to;
            while (!_next.TryGetValue(Key(state, c), out to) && state != 0)
            {
                state = _fail[state];
            }
            state = _next.TryGetValue(Key(state, c), out to) ? to : 0;
            var outputs = _outputs[state];
            for (var k = 0; k < outputs.Length; k++)
            {
                var p = outputs[k];
                found.Add((i - _lengths[p] + 1, p));
            }
        }
    }

    private static long Key(int state, char c) => ((long)state << 16) | c;
}
