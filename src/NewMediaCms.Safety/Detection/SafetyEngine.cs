using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Safety.Text;

namespace NewMediaCms.Safety.Detection;

/// <summary>
/// Runs every text detector over the texts of one piece of content with one compiled dictionary: dictionary words
/// (forbidden words and links, names, formulations, typos, advertising), leaders' names and titles (wrong pairing,
/// pinyin homophones and near-misses), personal data and secret markings; texts marked HTML go to the HTML detectors.
/// Exceptions of the dictionary suppress what lies inside them; a finding in the title is raised one tier.
/// </summary>
public sealed class SafetyEngine
{
    private readonly IReadOnlyList<IHtmlSafetyDetector> _htmlDetectors;

    public SafetyEngine(IEnumerable<IHtmlSafetyDetector> htmlDetectors)
    {
        _htmlDetectors = htmlDetectors.ToList();
    }

    internal IReadOnlyList<SafetyFinding> Check(CompiledDictionary dictionary, IReadOnlyList<SafetyText> texts, DateOnly today)
    {
        var findings = new List<SafetyFinding>();
        var hits = new List<(int Start, int Pattern)>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text.Text))
            {
                continue;
            }
            if (text.IsHtml)
            {
                foreach (var detector in _htmlDetectors)
                {
                    findings.AddRange(detector.Detect(text.Text, text.Field));
                }
                continue;
            }
            var own = new List<SafetyFinding>();
            var normalized = NormalizedText.Of(text.Text);
            hits.Clear();
            dictionary.Matcher.FindInto(normalized.Text, hits);
            var exceptions = new List<(int Start, int End)>();
            foreach (var (start, p) in hits)
            {
                if (dictionary.Patterns[p].Kind == PatternKind.Exception)
                {
                    var (s, l) = normalized.ToOriginal(start, dictionary.Patterns[p].Folded.Length);
                    exceptions.Add((s, s + l));
                }
            }
            WordFindings(dictionary, normalized, hits, text.Field, own);
            LeaderFindings(dictionary, normalized, hits, text.Field, own);
            own.AddRange(PersonalDataDetector.Detect(text.Text, text.Field, today));
            own.AddRange(SecretMarkingDetector.Detect(text.Text, text.Field));
            foreach (var f in own)
            {
                if (exceptions.Any(e => e.Start <= f.Start && f.Start + f.Length <= e.End))
                {
                    continue;
                }
                findings.Add(text.Field == "title" ? Raise(f) : f);
            }
        }
        return findings
            .GroupBy(f => (f.Field, f.Start, f.Length, f.Detector)).Select(g => g.First())
            .OrderBy(f => f.Field == "title" ? 0 : 1).ThenBy(f => f.Field, StringComparer.Ordinal).ThenBy(f => f.Start).ToList();
    }

    /// <summary>Position raises the tier: a finding in the title is one step worse (一般 → 疑似, 疑似 → 严重).</summary>
    private static SafetyFinding Raise(SafetyFinding f) => f.Tier switch
    {
        SafetyTier.Ordinary => f with { Tier = SafetyTier.Suspected, Message = f.Message + "（位于标题，升为疑似）" },
        SafetyTier.Suspected => f with { Tier = SafetyTier.Serious, Message = f.Message + "（位于标题，升为严重）" },
        _ => f,
    };

    private static void WordFindings(CompiledDictionary dictionary, NormalizedText normalized, List<(int Start, int Pattern)> hits, string field, List<SafetyFinding> into)
    {
        // Longest match wins where matches of the same list overlap (扫黑险恶 over 险恶).
        var words = hits.Where(h => dictionary.Patterns[h.Pattern].Kind == PatternKind.Word)
            .OrderBy(h => h.Start).ThenByDescending(h => dictionary.Patterns[h.Pattern].Folded.Length).ToList();
        var lastEnd = new Dictionary<string, int>();
        foreach (var (start, p) in words)
        {
            var pattern = dictionary.Patterns[p];
            var list = pattern.List!;
            var end = start + pattern.Folded.Length;
            if (lastEnd.TryGetValue(list.Key, out var e) && start < e)
            {
                continue;
            }
            lastEnd[list.Key] = end;
            var (s, l) = normalized.ToOriginal(start, pattern.Folded.Length);
            var matched = OriginalText(normalized, s, l, field);
            var message = list.Key switch
            {
                SafetyLists.Forbidden => $"禁用词“{pattern.Word}”（涉黄、涉赌、涉暴或反动内容）",
                SafetyLists.ForbiddenLinks => $"违规链接域名“{pattern.Word}”",
                SafetyLists.Names => $"名称写法错误，应为“{pattern.Suggestion}”",
                SafetyLists.Formulations => $"规范表述错误，应为“{pattern.Suggestion}”",
                SafetyLists.Typos => $"疑为错别字，建议改为“{pattern.Suggestion}”",
                SafetyLists.Advertising => $"广告或商业链接“{pattern.Word}”",
                _ => pattern.Word,
            };
            into.Add(new SafetyFinding(list.Detector, list.Tier, list.RuleCode, field, s, l, matched, pattern.Suggestion, message));
        }
    }

    private static void LeaderFindings(CompiledDictionary dictionary, NormalizedText normalized, List<(int Start, int Pattern)> hits, string field, List<SafetyFinding> into)
    {
        if (dictionary.Leaders.Count == 0)
        {
            return;
        }
        var text = normalized.Text;
        // The longest title ending at / starting at each position.
        var titleEndingAt = new Dictionary<int, string>();
        var titleStartingAt = new Dictionary<int, string>();
        var exactNames = new List<(int Start, int Length, string Folded)>();
        foreach (var (start, p) in hits)
        {
            var pattern = dictionary.Patterns[p];
            if (pattern.Kind == PatternKind.Title)
            {
                var end = start + pattern.Folded.Length;
                if (!titleEndingAt.TryGetValue(end, out var t1) || t1.Length < pattern.Folded.Length)
                {
                    titleEndingAt[end] = pattern.Folded;
                }
                if (!titleStartingAt.TryGetValue(start, out var t2) || t2.Length < pattern.Folded.Length)
                {
                    titleStartingAt[start] = pattern.Folded;
                }
            }
            else if (pattern.Kind == PatternKind.LeaderName)
            {
                exactNames.Add((start, pattern.Folded.Length, pattern.Folded));
            }
        }
        string? TitleNear(int start, int end)
        {
            if (titleEndingAt.TryGetValue(start, out var before))
            {
                return before;
            }
            // "县委书记、县长张三": the title right before, or one separator away.
            if (start > 0 && text[start - 1] is '、' or ',' or '，' or ':' or '：' && titleEndingAt.TryGetValue(start - 1, out var before1))
            {
                return before1;
            }
            return titleStartingAt.TryGetValue(end, out var after) ? after : null;
        }

        // 1. Exact names with a title that is not theirs.
        foreach (var (start, length, folded) in exactNames)
        {
            var title = TitleNear(start, start + length);
            if (title is null)
            {
                continue;
            }
            var candidates = Enumerable.Range(0, dictionary.Leaders.Count).Where(i => dictionary.LeaderFolded[i] == folded).ToList();
            if (candidates.Any(i => dictionary.Leaders[i].Titles.Any(t => NormalizedText.Fold(t) == title)))
            {
                continue;
            }
            var leader = dictionary.Leaders[candidates[0]];
            var (s, l) = normalized.ToOriginal(start, length);
            var valid = string.Join("、", leader.Titles);
            into.Add(new SafetyFinding("leader-title", SafetyTier.Serious, "NM-V01", field, s, l, OriginalText(normalized, s, l, field), valid,
                $"领导职务错配：{leader.Name}的职务应为“{valid}”，不是“{title}”（{leader.Jurisdiction}）"));
        }

        // 2. Homophones (same pinyin, other characters) and near-misses (surname right, one character off, own title beside).
        var han = HanCharacters.Instance;
        var exactStarts = exactNames.Select(n => (n.Start, n.Start + n.Length)).ToList();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!HanCharacters.IsHan(c))
            {
                continue;
            }
            HashSet<int>? tried = null;
            foreach (var reading in han.Readings(c))
            {
                if (!dictionary.ByFirstReading.TryGetValue(reading, out var bucket))
                {
                    continue;
                }
                foreach (var l in bucket)
                {
                    if (!(tried ??= []).Add(l))
                    {
                        continue;
                    }
                    var name = dictionary.LeaderFolded[l];
                    if (i + name.Length > text.Length || string.CompareOrdinal(text, i, name, 0, name.Length) == 0)
                    {
                        continue;
                    }
                    if (exactStarts.Any(e => i < e.Item2 && e.Start < i + name.Length))
                    {
                        continue;
                    }
                    var homophone = true;
                    var differ = 0;
                    for (var k = 0; k < name.Length; k++)
                    {
                        var t = text[i + k];
                        if (t != name[k])
                        {
                            differ++;
                            if (!HanCharacters.IsHan(t) || !han.Readings(t).Intersect(han.Readings(name[k])).Any())
                            {
                                homophone = false;
                            }
                        }
                    }
                    var title = TitleNear(i, i + name.Length);
                    var leader = dictionary.Leaders[l];
                    var ownTitle = title is not null && leader.Titles.Any(t => NormalizedText.Fold(t) == title);
                    var surnameRight = text[i] == name[0];
                    SafetyTier? tier = homophone
                        ? title is not null ? SafetyTier.Serious : surnameRight ? SafetyTier.Suspected : null
                        : surnameRight && differ == 1 && name.Length >= 2 && ownTitle && HanCharacters.IsHan(text[i + name.Length - 1]) ? SafetyTier.Suspected : null;
                    if (tier is null)
                    {
                        continue;
                    }
                    var (s, len) = normalized.ToOriginal(i, name.Length);
                    var matched = OriginalText(normalized, s, len, field);
                    into.Add(new SafetyFinding("leader-name", tier.Value, "NM-V01", field, s, len, matched, leader.Name,
                        tier == SafetyTier.Serious
                            ? $"领导姓名写错：“{matched}”应为“{leader.Name}”（{leader.Jurisdiction}{string.Join("、", leader.Titles)}，拼音相同）"
                            : homophone
                                ? $"疑似领导姓名同音误写：“{matched}”与“{leader.Name}”（{leader.Jurisdiction}{string.Join("、", leader.Titles)}）读音相同，请人工确认"
                                : $"疑似领导姓名写错：“{matched}”与“{leader.Name}”仅一字之差且职务相符，请人工确认"));
                }
            }
        }
    }

    private static string OriginalText(NormalizedText normalized, int start, int length, string field) => normalized.Original.Substring(start, length);
}
