using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace NewMediaCms.Search.Lucene;

/// <summary>
/// CJK n-grams of two to four characters for the search field: at each character of a run of CJK characters, the grams
/// of 2, 3 and 4 characters that start there are indexed at that character's position (人民政府 → 人民, 人民政, 人民政府 at
/// position 0; 民政, 民政府 at 1; 政府 at 2). A word of up to four characters is then one term (no positions to read), a
/// longer word a phrase of grams that cover it. A run of a single character is indexed as that character (as the CJK
/// bigram analyser does); other tokens (Latin words, numbers) as the standard tokenizer cuts them. Several values of a
/// field (title, body) are kept <see cref="ValueGap"/> positions apart so that a phrase never spans two of them.
/// </summary>
public sealed class CjkGramAnalyzer(LuceneVersion version) : Analyzer
{
    public const int MaxGram = 4;
    public const int ValueGap = 100;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(version, reader);
        TokenStream result = new CJKWidthFilter(source);
        result = new LowerCaseFilter(version, result);
        result = new CjkGramFilter(result);
        result = new StopFilter(version, result, CJKAnalyzer.DefaultStopSet);
        return new TokenStreamComponents(source, result);
    }

    public override int GetPositionIncrementGap(string fieldName) => ValueGap;

    /// <summary>
    /// The fewest tokens of an analysed word (term, position, start and end offset, in analyser order) that cover every
    /// character of it: at each position only the longest gram counts, and of those the one reaching furthest is taken.
    /// A phrase of these tokens at their positions matches exactly where the word's characters occur in a row.
    /// </summary>
    internal static List<(string Term, int Position)> Cover(IReadOnlyList<(string Term, int Position, int Start, int End)> tokens)
    {
        var longest = tokens.GroupBy(t => t.Position).OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(t => t.End - t.Start).First()).ToList();
        var chosen = new List<(string, int)>();
        var covered = -1;
        var i = 0;
        while (i < longest.Count)
        {
            if (longest[i].End <= covered)
            {
                i++;
                continue;
            }
            var limit = Math.Max(covered, longest[i].Start);
            var best = i;
            for (var j = i; j < longest.Count && longest[j].Start <= limit; j++)
            {
                if (longest[j].End > longest[best].End)
                {
                    best = j;
                }
            }
            chosen.Add((longest[best].Term, longest[best].Position));
            covered = longest[best].End;
            i = best + 1;
        }
        return chosen;
    }
}

/// <summary>Turns runs of adjacent CJK characters into stacked 2–4-character grams; see <see cref="CjkGramAnalyzer"/>.</summary>
internal sealed class CjkGramFilter : TokenFilter
{
    private static readonly HashSet<string> CjkTypes =
    [
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC],
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HIRAGANA],
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.KATAKANA],
        StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HANGUL],
    ];

    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _increment;
    private readonly ITypeAttribute _type;
    private readonly List<Output> _output = [];
    private int _next;
    private bool _drained;

    private readonly record struct Output(string Term, int Start, int End, int Increment, string Type);

    private readonly record struct Unit(string Text, int Start, int End, int Increment);

    public CjkGramFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!_drained)
        {
            Drain();
            _drained = true;
        }
        if (_next >= _output.Count)
        {
            return false;
        }
        ClearAttributes();
        var o = _output[_next++];
        _term.SetEmpty().Append(o.Term);
        _offset.SetOffset(o.Start, o.End);
        _increment.PositionIncrement = o.Increment;
        _type.Type = o.Type;
        return true;
    }

    /// <summary>Reads the whole value (a title or a body: short) and computes its tokens.</summary>
    private void Drain()
    {
        var run = new List<Unit>();
        var pending = 0; // positions of characters that start no gram (the last one of a run)
        while (m_input.IncrementToken())
        {
            var text = _term.ToString();
            var start = _offset.StartOffset;
            var end = _offset.EndOffset;
            var increment = _increment.PositionIncrement;
            if (CjkTypes.Contains(_type.Type))
            {
                if (run.Count > 0 && run[^1].End != start)
                {
                    pending = Flush(run, pending);
                }
                // Split into characters (a token may hold several, e.g. katakana), offsets follow the characters.
                var exact = end - start == text.Length;
                var offset = start;
                var first = true;
                foreach (var rune in text.EnumerateRunes())
                {
                    var s = rune.ToString();
                    run.Add(new Unit(s, exact ? offset : start, exact ? offset + s.Length : end, first ? increment : 1));
                    offset += s.Length;
                    first = false;
                }
                continue;
            }
            pending = Flush(run, pending);
            _output.Add(new Output(text, start, end, increment + pending, _type.Type));
            pending = 0;
        }
        Flush(run, pending);
    }

    private int Flush(List<Unit> run, int pending)
    {
        if (run.Count == 0)
        {
            return pending;
        }
        const string type = "<CJKGRAM>";
        if (run.Count == 1)
        {
            _output.Add(new Output(run[0].Text, run[0].Start, run[0].End, run[0].Increment + pending, "<SINGLE>"));
            run.Clear();
            return 0;
        }
        var text = new StringBuilder();
        for (var i = 0; i < run.Count; i++)
        {
            var increment = run[i].Increment + pending;
            pending = 0;
            var grams = Math.Min(CjkGramAnalyzer.MaxGram, run.Count - i);
            if (grams < 2)
            {
                pending = increment; // the last character starts no gram: the next token comes after it
                continue;
            }
            text.Clear().Append(run[i].Text);
            for (var n = 2; n <= grams; n++)
            {
                text.Append(run[i + n - 1].Text);
                _output.Add(new Output(text.ToString(), run[i].Start, run[i + n - 1].End, n == 2 ? increment : 0, type));
            }
        }
        run.Clear();
        return pending;
    }

    public override void Reset()
    {
        base.Reset();
        _output.Clear();
        _next = 0;
        _drained = false;
    }
}
