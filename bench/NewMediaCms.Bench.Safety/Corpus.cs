using System.Text.Json;
using System.Text.Json.Serialization;
using NewMediaCms.Safety.Detection;

namespace NewMediaCms.Bench.Safety;

/// <summary>An expected finding of a corpus sample: its tier (严重/一般/疑似), the detector family and its span.</summary>
public sealed record Expected(string Tier, string Detector, int Start, int Length);

/// <summary>A labelled sample: a text (in a field) and what the gate must find in it (nothing, for clean prose).</summary>
public sealed record Sample(string Id, string Category, string Field, string Text, List<Expected> Expect);

/// <summary>
/// Builds the labelled corpus from templates, deterministically (seeded): typos and formulations from inspection
/// reports, personal data with valid and invalid check digits, forbidden words with evasions, leaders' names with
/// wrong titles and homophones, secret markings, and clean government prose with near-collisions that must pass.
/// </summary>
public static class Corpus
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Openers = ["近日，", "为进一步做好相关工作，", "根据工作安排，", "经研究决定，", "现将有关事项通知如下：", ""];
    private static readonly string[] Closers = ["。", "，请各单位认真落实。", "，特此通知。", "，欢迎社会各界监督。"];

    public static List<Sample> Build()
    {
        var random = new Random(20261204);
        var samples = new List<Sample>();
        var n = 0;
        string Pick(string[] a) => a[random.Next(a.Length)];
        void Add(string category, string text, params (string Tier, string Detector, string Matched)[] expect)
        {
            var list = new List<Expected>();
            var from = 0;
            foreach (var (tier, detector, matched) in expect)
            {
                var at = text.IndexOf(matched, from, StringComparison.Ordinal);
                if (at < 0)
                {
                    throw new InvalidOperationException($"{matched} not in {text}");
                }
                list.Add(new Expected(tier, detector, at, matched.Length));
                from = at + matched.Length;
            }
            samples.Add(new Sample($"s{++n:D4}", category, "body", text, list));
        }

        // Ordinary typos (一般) from inspection reports, in several sentences each.
        (string Wrong, string Context)[] typos =
        [
            ("倍受", "该项目倍受群众青睐"), ("倍受", "乡村旅游倍受关注"), ("拔款", "县财政下达专项拔款200万元"), ("拔款", "争取上级拔款用于道路改造"),
            ("关健", "抓住关健环节"), ("关健", "这是推进改革的关健一步"), ("登陆系统", "请申请人登陆系统填报"), ("登陆系统", "考生可登陆系统查询成绩"),
            ("既使", "既使遇到困难也要按期完成"), ("再接再励", "希望大家再接再励"), ("截止目前", "截止目前已完成改造120户"), ("迫不急待", "群众迫不急待想了解政策"),
        ];
        foreach (var (wrong, context) in typos)
        {
            for (var k = 0; k < 3; k++)
            {
                Add("typo", Pick(Openers) + context + Pick(Closers), ("一般", "typo", wrong));
            }
        }
        // Serious wording: names and set formulations.
        (string Wrong, string Context, string Detector)[] serious =
        [
            ("扫黑险恶", "深入推进扫黑险恶常态化", "formulation"), ("扫黑险恶", "召开扫黑险恶专项斗争推进会", "formulation"), ("不忘出心", "不忘出心、牢记使命", "formulation"),
            ("全面从严冶党", "坚持全面从严冶党", "formulation"), ("精准扶平", "巩固精准扶平成果", "formulation"), ("放管复", "深化放管复改革", "formulation"),
            ("中华人民共合国", "中华人民共合国成立七十七周年", "wrong-name"), ("攻府", "县人民攻府办公室", "wrong-name"), ("国务完", "国务完办公厅印发通知", "wrong-name"),
            ("中华人名共和国", "依据中华人名共和国安全生产法", "wrong-name"),
        ];
        foreach (var (wrong, context, detector) in serious)
        {
            for (var k = 0; k < 3; k++)
            {
                Add(detector, Pick(Openers) + context + Pick(Closers), ("严重", detector, wrong));
            }
        }
        // Personal data: valid ID numbers (严重) and numbers with a wrong check digit (nothing).
        for (var k = 0; k < 80; k++)
        {
            var id = RandomId(random, valid: true);
            Add("pii-id", $"申请人{Pick(["张某", "李某", "王某"])}，身份证号码{id}，{Pick(["现予公示", "经审核符合条件", "请于三日内领取"])}。", ("严重", "pii-id-number", id));
        }
        for (var k = 0; k < 80; k++)
        {
            var id = RandomId(random, valid: false);
            Add("pii-id-invalid", $"业务编号{id}，{Pick(["请妥善保存", "可凭此查询进度"])}。");
        }
        for (var k = 0; k < 40; k++)
        {
            var mobile = $"1{random.Next(3, 10)}{random.Next(0, 10)}{random.Next(10000000, 99999999)}";
            var shown = k % 3 == 0 ? $"{mobile[..3]}-{mobile[3..7]}-{mobile[7..]}" : k % 3 == 1 ? $"{mobile[..3]} {mobile[3..7]} {mobile[7..]}" : mobile;
            Add("pii-mobile", $"联系人：{Pick(["刘先生", "陈女士"])}，手机{shown}。", ("严重", "pii-mobile", shown));
        }
        for (var k = 0; k < 40; k++)
        {
            Add("phone-clean", $"咨询电话：0{random.Next(100, 999)}-{random.Next(1000000, 9999999)}，监督电话12345。");
        }
        for (var k = 0; k < 40; k++)
        {
            var card = RandomCard(random, valid: true);
            var shown = k % 2 == 0 ? card : string.Join(" ", Enumerable.Range(0, (card.Length + 3) / 4).Select(i => card.Substring(i * 4, Math.Min(4, card.Length - i * 4))));
            Add("pii-card", $"补贴资金已转入{Pick(["申请人", "户主"])}银行卡{shown}。", ("严重", "pii-bank-card", shown));
        }
        for (var k = 0; k < 40; k++)
        {
            Add("card-invalid", $"受理流水号{RandomCard(random, valid: false)}。");
        }
        // Forbidden words with evasions.
        string[] forbidden = ["赌博", "百家乐", "时时彩", "六合彩", "真人荷官", "裸聊", "代开发票", "办证刻章"];
        foreach (var word in forbidden)
        {
            var zw = word[..1] + "\u200B" + word[1..];
            var zwj = word[..1] + "\u200D\uFEFF" + word[1..];
            var trad = Traditional(word);
            var spaced = string.Join(" ", word.ToCharArray());
            foreach (var form in new[] { word, zw, zwj, trad, spaced }.Distinct())
            {
                Add("forbidden", $"{Pick(["点击进入", "最新", "火爆"])}{form}{Pick(["平台", "官网", "，日赚千元"])}", ("严重", "forbidden-word", form));
            }
        }
        foreach (var domain in new[] { "bet365.com", "yabo.example", "pujing.example" })
        {
            var full = string.Concat(domain.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c));
            var upper = domain.ToUpperInvariant();
            var zw = domain[..3] + "\u200B" + domain[3..];
            foreach (var form in new[] { domain, full, upper, zw })
            {
                Add("forbidden-link", $"详情请访问 https://{form}/promo 了解。", ("严重", "forbidden-link", form));
            }
        }
        // Harder evasions, kept in the corpus whether or not the gate catches them (the figures say what it misses).
        Add("evasion-hard", "点击进入赌.博平台", ("严重", "forbidden-word", "赌.博"));
        Add("evasion-hard", "最新赌-博官网", ("严重", "forbidden-word", "赌-博"));
        Add("evasion-hard", "火爆百家\u200C乐平台", ("严重", "forbidden-word", "百家\u200C乐"));
        Add("evasion-hard", "详情请访问 https://b\u0435t365.com/promo 了解。", ("严重", "forbidden-link", "b\u0435t365.com"));
        Add("evasion-hard", "详情请访问 https://ＢＥＴ３６５．ＣＯＭ 了解。", ("严重", "forbidden-link", "ＢＥＴ３６５．ＣＯＭ"));
        Add("evasion-hard", "身份证号１１０１０１１９９００３０７４５１４。", ("严重", "pii-id-number", "１１０１０１１９９００３０７４５１４"));
        Add("evasion-hard", "身份证号 110101 19900307 4514。", ("严重", "pii-id-number", "110101 19900307 4514"));
        Add("evasion-hard", "手机：+86 139 1234 5678。", ("严重", "pii-mobile", "+86 139 1234 5678"));
        // Leaders (fictional, recipes/demo-county-safety.recipe.json).
        Add("leader", "县委书记周文博出席会议并讲话。", ("严重", "leader-title", "周文博"));
        Add("leader", "县长林振华主持召开常务会议。", ("严重", "leader-title", "林振华"));
        Add("leader", "县长周闻博调研农村人居环境整治工作。", ("严重", "leader-name", "周闻博"));
        Add("leader", "县委书记林震华到长岭镇调研。", ("严重", "leader-name", "林震华"));
        Add("leader", "常务副县长沈丽群带队检查安全生产。", ("严重", "leader-name", "沈丽群"));
        Add("leader", "县长周文波出席开工仪式。", ("严重", "leader-name", "周文波"));
        Add("leader", "会上，周文波同志传达了会议精神。", ("疑似", "leader-name", "周文波"));
        Add("leader", "林振桦在座谈会上发言。", ("疑似", "leader-name", "林振桦"));
        Add("leader-clean", "县委书记林振华、县长周文博出席会议。");
        Add("leader-clean", "县长周文博主持召开县政府常务会议。");
        Add("leader-clean", "常务副县长沈立群通报了一季度经济运行情况。");
        Add("leader-clean", "周文博物馆举办非遗展览。");
        // Secret markings.
        foreach (var m in new[] { "机密★1年", "绝密★启用前", "秘密★", "密级：机密" })
        {
            Add("secret", $"{m} 关于做好有关工作的通知", ("严重", "secret-marking", m));
        }
        // Advertising links (一般).
        foreach (var ad in new[] { "taobao.com", "pinduoduo.com", "限时抢购", "加微信领取" })
        {
            Add("advertising", $"扶贫农产品{ad}，欢迎选购。", ("一般", "advertising", ad));
        }
        // Clean government prose with near-collisions that must pass.
        string[] clean =
        [
            "县公安局开展打击赌博违法犯罪专项行动，查处聚众赌博案件3起。", "深入开展扫黄打非专项行动，净化社会文化环境。", "扫黑除恶常态化工作推进会召开。",
            "备受关注的县城供水改造工程完工。", "县财政拨款300万元用于农村公路养护。", "抓住关键环节，推进项目建设。", "请申请人登录系统填报信息。",
            "台风登陆前，各乡镇要完成人员转移。", "我县长期坚持生态优先、绿色发展。", "截至目前，已完成改造任务的95%。", "即使遇到困难也要按期完成。",
            "不忘初心、牢记使命，全面从严治党向纵深发展。", "中华人民共和国成立七十七周年座谈会召开。", "县人民政府办公室关于做好节日期间安全工作的通知。",
            "保密工作会议强调，涉密文件不得上网。", "本通知自印发之日起施行，有效期5年。", "统一社会信用代码：12330100MB1234567X。",
            "办公地址：青禾县人民路88号，邮编311300。", "受理时间：工作日上午8:30-12:00，下午14:30-17:30。", "2026年度预算资金为1234.56万元。",
            "请于2026年12月31日前提交材料。", "咨询电话：0571-86001234。", "县长主持召开专题会议。", "副县长出席活动并讲话。",
            "网站备案号：浙ICP备12345678号。", "详见县政府门户网站 https://www.qinghe.gov.example/zwgk/。",
        ];
        foreach (var c in clean)
        {
            Add("clean", c);
        }
        return samples;
    }

    private static string RandomId(Random random, bool valid)
    {
        var region = $"{random.Next(11, 66)}{random.Next(1, 30):D2}{random.Next(1, 30):D2}";
        var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 365 * 60));
        var seq = $"{random.Next(0, 1000):D3}";
        var first = region + birth.ToString("yyyyMMdd") + seq;
        var check = PersonalDataDetector.IdCheckDigit(first);
        if (!valid)
        {
            var digits = "0123456789X".Where(c => c != check).ToArray();
            check = digits[random.Next(digits.Length)];
        }
        return first + check;
    }

    private static string RandomCard(Random random, bool valid)
    {
        var length = random.Next(16, 20);
        var body = "62" + string.Concat(Enumerable.Range(0, length - 3).Select(_ => (char)('0' + random.Next(10))));
        for (var d = 0; d < 10; d++)
        {
            var candidate = body + d;
            if (PersonalDataDetector.IsLuhnValid(candidate) == valid)
            {
                return candidate;
            }
        }
        throw new InvalidOperationException();
    }

    /// <summary>The traditional form where the shipped data has one (reversing its simplified mapping).</summary>
    private static string Traditional(string word)
    {
        var han = NewMediaCms.Safety.Text.HanCharacters.Instance;
        var reverse = TraditionalOf.Value;
        return string.Concat(word.Select(c => reverse.TryGetValue(c, out var t) ? t : c));
    }

    private static readonly Lazy<Dictionary<char, char>> TraditionalOf = new(() =>
    {
        var han = NewMediaCms.Safety.Text.HanCharacters.Instance;
        var map = new Dictionary<char, char>();
        for (var c = '\u4E00'; c <= '\u9FFF'; c++)
        {
            var s = han.Simplify(c);
            if (s != c && !map.ContainsKey(s))
            {
                map[s] = c;
            }
        }
        return map;
    });
}
